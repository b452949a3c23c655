import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloseCode } from '@lifeline/shared/transport';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { openStore } from '../store/openStore.js';
import { ManualClock } from '../testing/manualClock.js';
import { startTestServer } from '../testing/testServer.js';
import { TestClient } from '../testing/wsClient.js';

let dir: string;
const clients: TestClient[] = [];
const servers: Array<Awaited<ReturnType<typeof startTestServer>>> = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lifeline-resume-'));
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A server on the test's SQLite file; starting another on the same file is a restart. */
async function serverOnFile(clock = new ManualClock()) {
  const server = await startTestServer({ DATABASE_PATH: join(dir, 'lifeline.sqlite') }, clock);
  servers.push(server);
  return server;
}
async function connect(server: { url: string }, token: string) {
  const client = await TestClient.connect(server.url, token);
  clients.push(client);
  return client;
}

/** The demo agent answers one user: returns both sockets, the tokens and the session. */
async function liveCall(server: Awaited<ReturnType<typeof serverOnFile>>) {
  const agentToken = await server.agentToken();
  const agent = await connect(server, agentToken);
  agent.send({ type: 'agent.setStatus', status: 'available' });
  const req = await server.helpRequest();
  const user = await connect(server, req.token);
  await agent.next('offer.incoming');
  agent.send({ type: 'offer.accept', sessionId: req.sessionId });
  await user.next('session.live');
  return { agent, user, agentToken, ...req };
}

test("the agent's console drops mid-call: the call goes on, and the console gets it back on reconnecting", async () => {
  const clock = new ManualClock();
  const server = await serverOnFile(clock);
  const { agent, user, agentToken, sessionId } = await liveCall(server);
  agent.close();
  await vi.waitFor(() => expect(server.app.hub.engine.state.agents.get('demo-agent')?.offline).toBe(true));
  clock.advance(29_000);
  await user.barrier();
  expect(user.frames.map((f) => f.type)).not.toContain('session.requeued');
  expect(user.frames.map((f) => f.type)).not.toContain('session.ended');

  const back = await connect(server, agentToken);
  expect((await back.next('agent.state')).status).toBe('busy');
  const live = await back.next('session.live');
  expect(live).toMatchObject({
    sessionId,
    resumed: true,
    userPresent: true,
    media: { provider: 'p2p', polite: false },
  });
  // The grace period passes: nothing happens to a call whose agent is back.
  clock.advance(5_000);
  back.send({ type: 'signal.description', sessionId, description: { type: 'offer', sdp: 'v=0' } });
  await user.next('signal.description');
  back.send({ type: 'session.end', sessionId });
  expect((await user.next('session.ended')).reason).toBe('agent_ended');
});

test("the user's page changes mid-call: the new page's socket asks for media afresh, both sides get a new grant, and the call goes on", async () => {
  const server = await serverOnFile();
  const { agent, user, token, sessionId } = await liveCall(server);
  const liveToAgent = () => agent.frames.filter((f) => f.type === 'session.live').length;
  await agent.next('session.live');
  // The old page goes; the new one signs in with the same token and has no media.
  user.close();
  const next = await connect(server, token);
  next.send({ type: 'media.restart' });
  expect(await next.next('session.live')).toMatchObject({ media: { provider: 'p2p' } });
  await vi.waitFor(() => expect(liveToAgent()).toBe(2));
  expect(agent.frames.filter((f) => f.type === 'session.live').at(-1)).toMatchObject({
    sessionId,
    userPresent: true,
    media: { provider: 'p2p', polite: false },
  });
  expect(agent.frames.map((f) => f.type)).not.toContain('session.ended');
  // Signaling flows between the new page and the agent; one call, ended once.
  next.send({ type: 'signal.description', description: { type: 'offer', sdp: 'v=0' } });
  await agent.next('signal.description');
  next.send({ type: 'session.end' });
  expect((await agent.next('session.ended')).reason).toBe('user_ended');
  const events = (await server.app.store.getSession(sessionId as never))?.events.map((e) => e.reason ?? e.kind);
  expect(events?.filter((k) => k === 'accepted')).toHaveLength(1);
  expect(events?.at(-1)).toBe('user_ended');
});

test('a new page in line asks for media afresh (an agent may have answered meanwhile): with no call, nothing changes and nothing is refused', async () => {
  const server = await serverOnFile();
  const req = await server.helpRequest();
  const user = await connect(server, req.token);
  await user.next('session.noAgents');
  user.send({ type: 'media.restart' });
  await user.barrier();
  expect(user.frames.filter((f) => f.type === 'error')).toHaveLength(1); // the barrier's own
  expect(user.frames.map((f) => f.type)).not.toContain('session.live');
  expect(server.app.hub.engine.state.queue.map((w) => w.sessionId)).toEqual([req.sessionId]);
});

test('a restart keeps a live call live: both parties reconnect and carry on; nothing is recorded as ended', async () => {
  const first = await serverOnFile();
  const { agentToken, token, sessionId } = await liveCall(first);
  await first.app.close();
  servers.splice(servers.indexOf(first), 1);

  const second = await serverOnFile();
  expect(second.app.hub.engine.state.calls.get(sessionId)).toBe('demo-agent');
  const agent = await connect(second, agentToken);
  expect((await agent.next('agent.state')).status).toBe('busy');
  expect(await agent.next('session.live')).toMatchObject({ sessionId, resumed: true });
  const user = await connect(second, token);
  await user.barrier();
  expect(user.frames.map((f) => f.type)).not.toContain('session.ended');
  // Signaling flows again between the two, then the user hangs up as usual.
  user.send({ type: 'share.state', screenPaused: true, micMuted: false });
  expect(await agent.next('share.state')).toMatchObject({ sessionId, screenPaused: true });
  user.send({ type: 'session.end' });
  expect((await agent.next('session.ended')).reason).toBe('user_ended');
  const events = (await second.app.store.getSession(sessionId as never))?.events.map((e) => e.reason ?? e.kind);
  expect(events).not.toContain('server_restarted');
  expect(events?.at(-1)).toBe('user_ended');
});

test('after a restart, a call whose user never comes back is ended at the end of the grace period, and recorded', async () => {
  const first = await serverOnFile();
  const { agentToken, sessionId } = await liveCall(first);
  await first.app.close();
  servers.splice(servers.indexOf(first), 1);

  const clock = new ManualClock();
  const second = await serverOnFile(clock);
  const agent = await connect(second, agentToken);
  await agent.next('session.live');
  clock.advance(29_999);
  await agent.barrier();
  expect(agent.frames.map((f) => f.type)).not.toContain('session.ended');
  clock.advance(1);
  expect((await agent.next('session.ended')).reason).toBe('user_disconnected');
  expect((await second.app.store.getSession(sessionId as never))?.events.at(-1)).toMatchObject({
    kind: 'ended',
    reason: 'user_disconnected',
  });
});

test('a graceful shutdown tells every socket to reconnect (1012) and ends no call', async () => {
  const server = await serverOnFile();
  const { agent, user, sessionId } = await liveCall(server);
  const closes = Promise.all([agent.closed(), user.closed()]);
  await server.app.close();
  servers.splice(0);
  expect((await closes).map((c) => c.code)).toEqual([CloseCode.ServiceRestart, CloseCode.ServiceRestart]);
  expect(user.frames.map((f) => f.type)).not.toContain('session.ended');
  const reopened = await serverOnFile();
  expect((await reopened.app.store.getSession(sessionId as never))?.events.at(-1)?.kind).toBe('accepted');
});

test('outside demo mode the demo admin of an earlier demo run cannot sign in, and its tokens stop working', async () => {
  const demo = await serverOnFile();
  const token = await demo.agentToken();
  await demo.app.close();
  servers.splice(0);
  const production = await startTestServer({
    DATABASE_PATH: join(dir, 'lifeline.sqlite'),
    DEMO: 'false',
    AUTH_SECRET: 'a-production-secret-of-32-characters!',
  });
  servers.push(production);
  expect(
    await production.post('/api/agents/login', { email: 'agent@example.com', password: 'lifeline-demo' }),
  ).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
  expect((await production.call('GET', '/api/sessions', token)).status).toBe(401);
  await expect(TestClient.connect(production.url, token)).rejects.toThrow('closed 4401');
});

test('a callback is kept across a restart, then closed as expired at the end of its lifetime', async () => {
  const path = join(dir, 'lifeline.sqlite');
  const first = await startTestServer({ DATABASE_PATH: path, CALLBACK_TTL_MS: '60000' }, new ManualClock());
  const req = await first.helpRequest();
  const user = await TestClient.connect(first.url, req.token);
  await user.next('session.noAgents');
  user.send({ type: 'callback.request' });
  await user.next('callback.confirmed');
  user.close();
  await first.app.close();

  const clock = new ManualClock();
  const second = await startTestServer({ DATABASE_PATH: path, CALLBACK_TTL_MS: '60000' }, clock);
  servers.push(second);
  expect(second.app.hub.engine.state.queue.map((w) => [w.sessionId, w.callback])).toEqual([[req.sessionId, true]]);
  clock.advance(59_999);
  expect(second.app.hub.engine.state.queue).toHaveLength(1);
  clock.advance(1);
  expect(second.app.hub.engine.state.queue).toHaveLength(0);
  expect((await second.app.store.getSession(req.sessionId as never))?.events.at(-1)).toMatchObject({
    kind: 'abandoned',
    reason: 'callback_expired',
  });
});

test('changing the demo agent e-mail and password takes effect on disk and in memory alike', async () => {
  const path = join(dir, 'lifeline.sqlite');
  const login = (s: { post: (typeof servers)[number]['post'] }, email: string, password: string) =>
    s.post('/api/agents/login', { email, password }).then((r) => r.status);
  const first = await startTestServer({ DATABASE_PATH: path });
  expect(await login(first, 'agent@example.com', 'lifeline-demo')).toBe(200);
  await first.app.close();

  const changed = { DATABASE_PATH: path, DEMO_AGENT_EMAIL: 'desk@example.com', DEMO_AGENT_PASSWORD: 'a-new-password' };
  const second = await startTestServer(changed);
  expect(await login(second, 'desk@example.com', 'a-new-password')).toBe(200);
  expect(await login(second, 'agent@example.com', 'lifeline-demo')).toBe(401);
  await second.app.close();

  // Restarted with the same settings, the file agrees with what the last process said.
  const third = await startTestServer(changed);
  servers.push(third);
  expect(await login(third, 'desk@example.com', 'a-new-password')).toBe(200);
  expect(await login(third, 'desk@example.com', 'lifeline-demo')).toBe(401);
  await third.app.close();
  servers.splice(servers.indexOf(third), 1);
  // And the file itself, read on its own, holds the new e-mail.
  const onDisk = await openStore({ databasePath: path });
  expect((await onDisk.agent('demo-agent' as never))?.email).toBe('desk@example.com');
  await onDisk.close();
});

test('a refresh retires the token it replaced: good for 30 s more (other tabs move over), then refused, across a restart', async () => {
  const path = join(dir, 'lifeline.sqlite');
  const clock = new ManualClock();
  const first = await startTestServer({ DATABASE_PATH: path }, clock);
  const old = await first.agentToken();
  const fresh = (await first.call('POST', '/api/agents/refresh', old)).body.token as string;
  expect(fresh).not.toBe(old);
  clock.advance(29_000);
  expect((await first.call('GET', '/api/sessions', old)).status).toBe(200);
  clock.advance(2_000);
  expect((await first.call('GET', '/api/sessions', old)).status).toBe(401);
  expect((await first.call('POST', '/api/agents/refresh', old)).status).toBe(401);
  await expect(TestClient.connect(first.url, old)).rejects.toThrow('closed 4401');
  expect((await first.call('GET', '/api/sessions', fresh)).status).toBe(200);
  await first.app.close();

  const second = await startTestServer({ DATABASE_PATH: path }, clock);
  servers.push(second);
  expect((await second.call('GET', '/api/sessions', old)).status).toBe(401);
  expect((await second.call('GET', '/api/sessions', fresh)).status).toBe(200);
});

test('a help request whose page never connects is closed as abandoned after the grace period, not left open', async () => {
  const clock = new ManualClock();
  const server = await serverOnFile(clock);
  const lost = await server.helpRequest();
  const kept = await server.helpRequest();
  await connect(server, kept.token);
  clock.advance(29_999);
  expect((await server.app.store.getSession(lost.sessionId as never))?.events.map((e) => e.kind)).toEqual([
    'requested',
  ]);
  clock.advance(1);
  await expect
    .poll(async () => (await server.app.store.getSession(lost.sessionId as never))?.events.at(-1))
    .toMatchObject({
      kind: 'abandoned',
      reason: 'user_disconnected',
    });
  expect((await server.app.store.getSession(kept.sessionId as never))?.events.at(-1)?.kind).toBe('queued');
  expect((await server.stats()).abandoned).toBe(1);
});
