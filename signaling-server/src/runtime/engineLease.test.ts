import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { openStore } from '../store/openStore.js';
import { FencedOut, type SessionRecord, type Store } from '../store/types.js';
import { type PostgresServer, startPostgres } from '../testing/postgres.js';
import { type RedisServer, startRedis } from '../testing/redis.js';
import { until } from '../testing/until.js';
import { EngineLease } from './engineLease.js';

let postgres: PostgresServer;
let redis: RedisServer;
const clients: Redis[] = [];
const leases: EngineLease[] = [];
// A test that fails half-way must not leave its lease held for the next one.
afterEach(async () => {
  await Promise.all(leases.splice(0).map((l) => l.stop()));
});
beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await Promise.all([postgres?.destroy(), redis?.destroy()]);
});

const log = pino({ level: 'silent' });
const TTL = 900;

/** One node's side of the election, with what it was told. */
function node(name: string) {
  const client = new Redis(redis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  client.on('error', () => undefined);
  clients.push(client);
  const told: Array<number | 'lost'> = [];
  const lease = new EngineLease(
    client,
    name,
    TTL,
    { acquired: (f) => told.push(f), lost: () => told.push('lost') },
    log,
  );
  leases.push(lease);
  return { lease, told, client };
}

test('one node at a time holds the engine; a released lease passes on at once with a larger fencing token', async () => {
  const a = node('a');
  const b = node('b');
  a.lease.start();
  await until(() => a.lease.owned);
  b.lease.start();
  // Several renewals pass: b never gets it while a renews.
  await new Promise((r) => setTimeout(r, TTL * 2));
  expect(a.told).toHaveLength(1);
  expect(b.told).toEqual([]);
  const released = Date.now();
  await a.lease.stop();
  await until(() => b.lease.owned);
  expect(Date.now() - released).toBeLessThan(TTL);
  expect(b.told[0]).toBeGreaterThan(a.told[0] as number);
  await b.lease.stop();
});

test('an owner that was paused past its lease is fenced out: the new owner writes, the old one cannot', async () => {
  const databaseUrl = await postgres.database();
  const open = () => openStore({ databaseUrl, databasePath: '' });
  const [storeA, storeB] = (await Promise.all([open(), open()])) as [Store, Store];
  const session: Omit<SessionRecord, 'events'> = {
    id: 's1' as never,
    tenant: 't',
    context: {},
    traits: {},
    requestedAt: 1,
  };
  await storeA.createSession(session);

  const a = node('paused');
  a.lease.start();
  await until(() => a.lease.owned);
  await storeA.claimFence(a.told[0] as number);
  await storeA.appendEvent(session.id, { kind: 'queued', at: 2 });

  // a freezes (a long GC pause, a suspended VM): its lease runs out and b takes over.
  await a.lease.stop().catch(() => undefined);
  await a.client.set('lifeline:engine:owner', 'nobody', 'PX', 1); // as if it had expired unrenewed
  await new Promise((r) => setTimeout(r, 10));
  const b = node('new-owner');
  b.lease.start();
  await until(() => b.lease.owned);
  await storeB.claimFence(b.told[0] as number);

  // a wakes up still believing it runs the engine: its writes are refused, b's land.
  await expect(storeA.appendEvent(session.id, { kind: 'accepted', at: 3 })).rejects.toBeInstanceOf(FencedOut);
  await storeB.appendEvent(session.id, { kind: 'abandoned', at: 4 });
  // An old token can never be claimed again, nor the current one by another node (as when Redis
  // restarted empty and counts from 1 again): raising the counter lets the next owner in.
  await expect(storeA.claimFence(a.told[0] as number)).rejects.toBeInstanceOf(FencedOut);
  await expect(storeA.claimFence(b.told[0] as number)).rejects.toBeInstanceOf(FencedOut);
  await a.client.set('lifeline:engine:fence', '0');
  await a.lease.raiseFence(b.told[0] as number);
  expect(Number(await a.client.get('lifeline:engine:fence'))).toBe(b.told[0]);
  const events = (await storeB.getSession(session.id))?.events.map((e) => e.kind);
  expect(events).toEqual(['requested', 'queued', 'abandoned']);
  await b.lease.stop();
  await Promise.all([storeA.close(), storeB.close()]);
});

test('an owner cut off from Redis steps down before its lease can expire', async () => {
  const a = node('cut-off');
  a.lease.start();
  await until(() => a.lease.owned);
  const lostAt = Date.now();
  a.client.disconnect(); // no renewal can reach Redis now
  await until(() => a.told.includes('lost'));
  // Stepped down within the lease, so no other node can own the engine while this one still acts.
  expect(Date.now() - lostAt).toBeLessThan(TTL + TTL / 3);
  await a.lease.stop();
});
