import { afterEach, expect, test, vi } from 'vitest';
import { startTestServer } from '../testing/testServer.js';

let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await server?.app.close();
});

/** A request from a given client address (the server trusts the proxy header in these tests). */
async function from(address: string, path: string, body: unknown) {
  const res = await fetch(`${server?.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify(body),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
}
const login = (address: string, password: string) =>
  from(address, '/api/agents/login', { email: 'agent@example.com', password });

test('wrong passwords lock the account from that address, the right one too, with growing locks; elsewhere it still works', async () => {
  // The limiter keeps its own time (Date and timers): move it on instead of waiting.
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
  server = await startTestServer({ TRUST_PROXY: 'true', LOGIN_MAX_FAILURES: '5', LOGIN_LOCK_S: '60' });
  for (let i = 0; i < 5; i++) expect((await login('203.0.113.7', 'guess')).status).toBe(401);
  const locked = await login('203.0.113.7', 'lifeline-demo');
  expect(locked).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
  expect(Number(locked.retryAfter)).toBeGreaterThan(55);
  expect(Number(locked.retryAfter)).toBeLessThanOrEqual(60);
  // The real agent, at their own desk, is not locked out by an attacker elsewhere.
  expect((await login('198.51.100.2', 'lifeline-demo')).status).toBe(200);

  // After the lock, guessing on locks it again, twice as long.
  vi.advanceTimersByTime(61_000);
  for (let i = 0; i < 5; i++) expect((await login('203.0.113.7', 'guess')).status).toBe(401);
  const again = await login('203.0.113.7', 'lifeline-demo');
  expect(again.status).toBe(429);
  expect(Number(again.retryAfter)).toBeGreaterThan(115);
  expect(Number(again.retryAfter)).toBeLessThanOrEqual(120);
  vi.advanceTimersByTime(121_000);
  expect((await login('203.0.113.7', 'lifeline-demo')).status).toBe(200);
  // Fourteen sign-ins, each hashing a password on purpose slowly, beside the rest of the suite.
}, 30_000);

test('one address guessing across many accounts is stopped too', async () => {
  server = await startTestServer({ TRUST_PROXY: 'true', LOGIN_MAX_FAILURES_PER_ADDRESS: '8' });
  for (let i = 0; i < 8; i++) {
    const res = await from('203.0.113.9', '/api/agents/login', { email: `user${i}@example.com`, password: 'guess' });
    expect(res.status).toBe(401);
  }
  expect((await login('203.0.113.9', 'lifeline-demo')).status).toBe(429);
});

test('help requests are limited per address and per tenant, and each refusal says when to retry', async () => {
  server = await startTestServer({
    TRUST_PROXY: 'true',
    HELP_REQUESTS_PER_ADDRESS_PER_MINUTE: '3',
    HELP_REQUESTS_PER_TENANT_PER_MINUTE: '5',
  });
  const ask = (address: string, tenant = 'demo') => from(address, '/api/help-requests', { tenant });
  for (let i = 0; i < 3; i++) expect((await ask('203.0.113.1')).status).toBe(201);
  const refused = await ask('203.0.113.1');
  expect(refused).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
  expect(Number(refused.retryAfter)).toBeGreaterThan(0);
  expect((await ask('203.0.113.2')).status).toBe(201);
  expect((await ask('203.0.113.3')).status).toBe(201);
  // Five for this tenant in this minute: the sixth is refused whoever asks; another tenant is fine.
  expect((await ask('203.0.113.4')).status).toBe(429);
  expect((await ask('203.0.113.4', 'other')).status).toBe(201);
  expect(await server.app.store.sessionsRequested(0, Date.now() + 1)).toHaveLength(6);
});

test('invitation attempts are limited per address', async () => {
  server = await startTestServer({ TRUST_PROXY: 'true', INVITE_ACCEPTS_PER_ADDRESS_PER_HOUR: '3' });
  const accept = () => from('203.0.113.5', '/api/agents/invites/accept', { token: 'x.y.z', password: 'long-enough-1' });
  for (let i = 0; i < 3; i++) expect((await accept()).status).toBe(401);
  expect((await accept()).status).toBe(429);
});

test('RATE_LIMITS=off turns every limit off (load tests from one address)', async () => {
  server = await startTestServer({
    RATE_LIMITS: 'off',
    LOGIN_MAX_FAILURES: '2',
    LOGIN_MAX_FAILURES_PER_ADDRESS: '3',
    HELP_REQUESTS_PER_ADDRESS_PER_MINUTE: '1',
  });
  for (let i = 0; i < 6; i++) expect((await login('127.0.0.1', 'guess')).status).toBe(401);
  expect((await login('127.0.0.1', 'lifeline-demo')).status).toBe(200);
  for (let i = 0; i < 5; i++)
    expect((await from('127.0.0.1', '/api/help-requests', { tenant: 'demo' })).status).toBe(201);
});
