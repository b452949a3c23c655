import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { openStore } from '../store/openStore.js';
import { signIdentity } from '../testing/identityToken.js';
import { ManualClock } from '../testing/manualClock.js';
import { startTestServer } from '../testing/testServer.js';
import { TestClient } from '../testing/wsClient.js';

const SECRET = 'acme-identity-secret-0123456789-abcdef';
const TENANTS = JSON.stringify({ acme: { identitySecret: SECRET } });
let dir: string;
let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lifeline-privacy-'));
});
afterEach(async () => {
  await server?.app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A finished, noted, rated call of one identified user. */
async function finishedCall(s: NonNullable<typeof server>, clock: ManualClock, userId: string, agentToken: string) {
  const identity = await signIdentity(SECRET, { sub: userId, name: userId }, { nowS: Math.floor(clock.now() / 1000) });
  const req = await s.post('/api/help-requests', { tenant: 'acme', identity });
  const agent = await TestClient.connect(s.url, agentToken);
  agent.send({ type: 'agent.setStatus', status: 'available' });
  const user = await TestClient.connect(s.url, req.body.token);
  await agent.next('offer.incoming', (f) => f.sessionId === req.body.sessionId);
  agent.send({ type: 'offer.accept', sessionId: req.body.sessionId });
  await user.next('session.live');
  await s.call('POST', `/api/sessions/${req.body.sessionId}/notes`, agentToken, { body: `about ${userId}` });
  user.send({ type: 'session.end' });
  await user.next('session.ended');
  await fetch(`${s.url}/api/sessions/${req.body.sessionId}/rating`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${req.body.token}` },
    body: JSON.stringify({ score: 5, comment: `from ${userId}` }),
  });
  agent.close();
  user.close();
  return req.body.sessionId as string;
}

test("an admin or the tenant's backend erases everything about a user, on disk too; nobody else can", async () => {
  const path = join(dir, 'lifeline.sqlite');
  const clock = new ManualClock();
  server = await startTestServer({ DATABASE_PATH: path, TENANTS }, clock);
  const admin = await server.agentToken();
  const dana = await finishedCall(server, clock, 'dana', admin);
  const bo = await finishedCall(server, clock, 'bo', admin);

  const erase = (userId: string, authorization?: string) =>
    fetch(`${server?.url}/api/users/${userId}?tenant=acme`, {
      method: 'DELETE',
      ...(authorization ? { headers: { authorization } } : {}),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));
  expect((await erase('dana')).status).toBe(401);
  expect((await erase('dana', 'Bearer not-the-secret')).status).toBe(401);
  expect(await erase('dana', `Bearer ${SECRET}`)).toEqual({ status: 200, body: { deleted: 1, open: 0 } });
  expect(await erase('bo', `Bearer ${admin}`)).toEqual({ status: 200, body: { deleted: 1, open: 0 } });
  expect(await server.app.store.getSession(dana as never)).toBeUndefined();
  await server.app.close();
  server = undefined;

  // Read the file with a store of its own: nothing about either user is left.
  const onDisk = await openStore({ databasePath: path });
  for (const id of [dana, bo]) {
    expect(await onDisk.getSession(id as never)).toBeUndefined();
    expect(await onDisk.sessionFile(id as never)).toBeUndefined();
  }
  expect((await onDisk.searchSessions({ text: 'dana', limit: 10, offset: 0 })).total).toBe(0);
  expect(JSON.stringify(await onDisk.sessionsRequested(0, Number.MAX_SAFE_INTEGER))).not.toContain('dana');
  await onDisk.close();
});

test('RETENTION_DAYS erases finished sessions older than that, at start and every hour; recent ones stay', async () => {
  const path = join(dir, 'lifeline.sqlite');
  const clock = new ManualClock();
  server = await startTestServer({ DATABASE_PATH: path, TENANTS }, clock);
  const old = await finishedCall(server, clock, 'old', await server.agentToken());
  clock.advance(2 * 86_400_000);
  const recent = await finishedCall(server, clock, 'recent', await server.agentToken());
  await server.app.close();

  server = await startTestServer({ DATABASE_PATH: path, TENANTS, RETENTION_DAYS: '1' }, clock);
  expect(await server.app.store.getSession(old as never)).toBeUndefined();
  expect(await server.app.store.getSession(recent as never)).toBeDefined();
  clock.advance(86_400_000 + 3_600_000);
  await expect.poll(() => server?.app.store.getSession(recent as never)).toBeUndefined();
});
