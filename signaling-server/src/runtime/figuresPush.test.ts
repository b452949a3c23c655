import type { AgentId, FloorReply, StatsReply } from '@lifeline/shared';
import { afterEach, expect, test } from 'vitest';
import { hashPassword } from '../auth/passwords.js';
import { startTestServer } from '../testing/testServer.js';
import { TestClient } from '../testing/wsClient.js';
import { FIGURES_PUSH_INTERVAL_MS, FLOOR_PUSH_LISTS } from './figuresPush.js';

let server: Awaited<ReturnType<typeof startTestServer>>;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.app.close();
});

async function connect(token: string) {
  const client = await TestClient.connect(server.url, token);
  clients.push(client);
  return client;
}

/** A plain agent, beside the demo admin. */
async function plainAgentToken() {
  server.app.store.addAgent({
    id: 'agent-1' as AgentId,
    email: 'sam@example.com',
    name: 'Sam',
    passwordHash: await hashPassword('password-123'),
    skills: { languages: ['en'], areas: [] },
    team: 'north',
    role: 'agent',
  });
  return (await server.post('/api/agents/login', { email: 'sam@example.com', password: 'password-123' })).body
    .token as string;
}

type Pushed = { stats: StatsReply; floor?: FloorReply };
const pushed = (frame: unknown) => frame as Pushed;
const lastFigures = (client: TestClient) => pushed(client.frames.filter((f) => f.type === 'figures').at(-1));

test('consoles hear the figures change over their socket: the floor goes to supervisors only', async () => {
  server = await startTestServer();
  const admin = await connect(await server.agentToken());
  const sam = await connect(await plainAgentToken());
  admin.send({ type: 'agent.setStatus', status: 'available' });
  sam.send({ type: 'agent.setStatus', status: 'available' });
  const availableTwo = (f: unknown) => pushed(f).stats.agentsAvailable === 2;
  await admin.next('figures', availableTwo);
  const samsView = pushed(await sam.next('figures', availableTwo));
  expect(samsView.floor).toBeUndefined();
  sam.send({ type: 'agent.setStatus', status: 'away' }); // the user rings at the admin
  await admin.next('figures', (f) => pushed(f).stats.agentsAvailable === 1);

  const { sessionId, token } = await server.helpRequest();
  await connect(token);
  const withUser = pushed(
    await admin.next('figures', (f) => !!pushed(f).floor?.waiting.some((w) => w.sessionId === sessionId)),
  );
  // The same figures a console would read from /api/stats, without asking.
  const read = await server.stats('?window=today');
  expect(withUser.stats).toMatchObject({
    answered: read.answered,
    abandoned: read.abandoned,
    window: { serviceLevelTargetMs: read.window.serviceLevelTargetMs },
  });
  expect(withUser.stats.waiting).toBeGreaterThanOrEqual(1);

  // Answered, then ended: the last push says so, floor and figures alike.
  const offer = await admin.next('offer.incoming', (f) => f.sessionId === sessionId);
  admin.send({ type: 'offer.accept', sessionId: offer.sessionId });
  await admin.next('figures', (f) => pushed(f).stats.inCall === 1);
  admin.send({ type: 'session.end', sessionId });
  const after = pushed(
    await admin.next('figures', (f) => pushed(f).stats.inCall === 0 && pushed(f).stats.answered === read.answered + 1),
  );
  expect(after.floor?.calls).toEqual([]);
}, 15_000); // five pushes, at most one a second: over the default 5 s on a slow machine

test('a burst of changes is pushed at most once per interval, and the last push tells the end state', async () => {
  server = await startTestServer({ RATE_LIMITS: 'off' });
  const admin = await connect(await server.agentToken());
  admin.send({ type: 'agent.setStatus', status: 'away' });
  await admin.next('figures');
  const before = admin.frames.filter((f) => f.type === 'figures').length;
  const started = Date.now();
  const requests = await Promise.all(Array.from({ length: 30 }, () => server.helpRequest()));
  await Promise.all(requests.map((r) => connect(r.token)));
  await admin.next('figures', (f) => pushed(f).stats.waiting === 30, 5_000);
  const pushes = admin.frames.filter((f) => f.type === 'figures').length - before;
  // 30 requests, each a change: a push per interval the burst lasted (and one after), not 30.
  expect(pushes).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / FIGURES_PUSH_INTERVAL_MS) + 1);
  expect(lastFigures(admin).floor?.waiting).toHaveLength(30);
});

test('a long queue: the pushed floor lists its head and counts everyone; GET /api/floor lists everyone', async () => {
  server = await startTestServer({ RATE_LIMITS: 'off' });
  const token = await server.agentToken();
  const admin = await connect(token);
  admin.send({ type: 'agent.setStatus', status: 'away' });
  const waiting = FLOOR_PUSH_LISTS + 20;
  const requests = await Promise.all(Array.from({ length: waiting }, () => server.helpRequest()));
  await Promise.all(requests.map((r) => connect(r.token)));
  await admin.next('figures', (f) => pushed(f).floor?.waitingCount === waiting, 5_000);
  const head = lastFigures(admin).floor?.waiting ?? [];
  expect(head).toHaveLength(FLOOR_PUSH_LISTS);
  expect(head.map((w) => w.position)).toEqual(Array.from({ length: FLOOR_PUSH_LISTS }, (_, i) => i + 1));
  const res = await fetch(`${server.url}/api/floor`, { headers: { authorization: `Bearer ${token}` } });
  const floor = (await res.json()) as FloorReply;
  expect(floor.waitingCount).toBe(waiting);
  expect(floor.waiting.map((w) => w.sessionId).sort()).toEqual(requests.map((r) => r.sessionId).sort());
});

test('a slow read of the day is made again only after ten times what it took; live counts go out on every push', async () => {
  server = await startTestServer({ RATE_LIMITS: 'off' });
  const { store } = server.app;
  const read = store.figuresUnhurried.bind(store);
  let reads = 0;
  store.figuresUnhurried = async (...args) => {
    reads++;
    await new Promise((resolve) => setTimeout(resolve, 300)); // a busy day's read
    return read(...args);
  };
  const admin = await connect(await server.agentToken());
  admin.send({ type: 'agent.setStatus', status: 'away' });
  await admin.next('figures');
  const [readsBefore, pushesBefore] = [reads, admin.frames.filter((f) => f.type === 'figures').length];
  for (let waiting = 1; waiting <= 5; waiting++) {
    await connect((await server.helpRequest()).token);
    await admin.next('figures', (f) => pushed(f).stats.waiting === waiting, 5_000);
  }
  // Five pushes about a second apart, each with the queue as it was; the day read at most twice
  // in those ~5 s (each read fresh for 3 s), not on every push.
  expect(admin.frames.filter((f) => f.type === 'figures').length - pushesBefore).toBeGreaterThanOrEqual(5);
  expect(reads - readsBefore).toBeLessThanOrEqual(2);
}, 20_000);
