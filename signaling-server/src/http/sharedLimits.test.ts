import { ErrorCode, LifelineError } from '@lifeline/shared';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RedisServer, startRedis } from '../testing/redis.js';
import { type LimitSettings, limitsFor } from './abuseLimits.js';

let redis: RedisServer;
const clients: Redis[] = [];
beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await redis?.destroy();
});

const SETTINGS: LimitSettings = {
  loginMaxFailures: 3,
  loginLockS: 60,
  loginMaxFailuresPerAddress: 100,
  helpRequestsPerAddressPerMinute: 3,
  helpRequestsPerTenantPerMinute: 1_000,
  inviteAcceptsPerAddressPerHour: 10,
};

/** One node's limits, counting in the shared Redis as the server does on many nodes. */
async function nodeLimits() {
  const client = new Redis(redis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  client.on('error', () => undefined);
  clients.push(client);
  await new Promise((ready) => client.once('ready', ready));
  return limitsFor(SETTINGS, client);
}

const refusal = (attempt: Promise<void>) =>
  attempt.then(
    () => null,
    (err: unknown) => (err instanceof LifelineError ? err.code : String(err)),
  );

test('limits count across nodes: help requests spread over three nodes meet one count', async () => {
  const [a, b, c] = await Promise.all([nodeLimits(), nodeLimits(), nodeLimits()]);
  expect(await refusal(a.helpRequest('203.0.113.7', 'acme'))).toBeNull();
  expect(await refusal(b.helpRequest('203.0.113.7', 'acme'))).toBeNull();
  expect(await refusal(c.helpRequest('203.0.113.7', 'acme'))).toBeNull();
  expect(await refusal(a.helpRequest('203.0.113.7', 'acme'))).toBe(ErrorCode.RateLimited);
  expect(await refusal(b.helpRequest('203.0.113.7', 'acme'))).toBe(ErrorCode.RateLimited);
  // Another address is counted on its own.
  expect(await refusal(c.helpRequest('198.51.100.1', 'acme'))).toBeNull();
});

test('a password guesser moving between nodes is locked out on all of them', async () => {
  const [a, b] = await Promise.all([nodeLimits(), nodeLimits()]);
  const account = 'kim@example.com';
  await a.loginFailed(account, '203.0.113.9');
  await b.loginFailed(account, '203.0.113.9');
  expect(await refusal(a.beforeLogin(account, '203.0.113.9'))).toBeNull();
  await a.loginFailed(account, '203.0.113.9');
  expect(await refusal(b.beforeLogin(account, '203.0.113.9'))).toBe(ErrorCode.RateLimited);
  expect(await refusal(a.beforeLogin(account, '203.0.113.9'))).toBe(ErrorCode.RateLimited);
  // The real agent elsewhere is not locked out.
  expect(await refusal(b.beforeLogin(account, '198.51.100.2'))).toBeNull();
});

test('with Redis away, each node still limits on its own and no request fails for it', async () => {
  const node = await nodeLimits();
  await redis.stop();
  try {
    for (let i = 0; i < 3; i++) expect(await refusal(node.helpRequest('192.0.2.44', 'acme'))).toBeNull();
    expect(await refusal(node.helpRequest('192.0.2.44', 'acme'))).toBe(ErrorCode.RateLimited);
  } finally {
    await redis.start();
  }
});
