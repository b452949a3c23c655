import { type ChildProcess, execFileSync } from 'node:child_process';
import { type PostgresServer, startPostgres } from '@lifeline/signaling-server/testing/postgres';
import { type RedisServer, startRedis } from '@lifeline/signaling-server/testing/redis';
import { TestClient } from '@lifeline/signaling-server/testing/wsClient';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { waitFor } from '../support/browser.js';
import { postJson } from '../support/loadServer.js';
import { freePort, killHard, startServerProcess } from '../support/process.js';
import { DEMO_AGENT } from '../support/server.js';

/**
 * Two compiled nodes on a real PostgreSQL and Redis; each of those is stopped for 10 s while the
 * service runs, with a call live across the two nodes and users waiting. Requests that need what
 * is away fail with stable codes, nothing is lost, and the service recovers by itself.
 */
const OUTAGE_MS = 10_000;

let postgres: PostgresServer;
let redis: RedisServer;
const processes: ChildProcess[] = [];
let urls: [string, string];
const clients: TestClient[] = [];

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const shared = {
    DATABASE_URL: await postgres.database(),
    REDIS_URL: redis.url,
    AUTH_SECRET: 'a-shared-secret-of-at-least-32-characters',
    ENGINE_LEASE_MS: '3000',
    RATE_LIMITS: 'off',
  };
  const ports = [await freePort(), await freePort()];
  for (const [i, port] of ports.entries()) {
    processes.push(await startServerProcess({ ...shared, PORT: String(port), NODE_ID: `node-${i}` }));
  }
  urls = ports.map((p) => `http://127.0.0.1:${p}`) as [string, string];
  for (const url of urls) await waitFor(async () => (await fetch(`${url}/readyz`)).ok, 'the nodes to be ready');
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.ws.terminate();
  for (const node of processes) if (node.exitCode === null) await killHard(node);
  await Promise.all([postgres?.destroy(), redis?.destroy()]);
});

const readiness = async (url: string) => {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, ...((await res.json()) as { database: string; redis: string; engine: string }) };
};

async function connect(url: string, token: string): Promise<TestClient> {
  const client = await TestClient.connect(url, token);
  clients.push(client);
  return client;
}

async function userWaits(url: string): Promise<{ sessionId: string; client: TestClient }> {
  const { token, sessionId } = await postJson(url, '/api/help-requests', { tenant: 'demo' });
  const client = await connect(url, token);
  await client.next('session.queued', () => true, 10_000);
  return { sessionId: sessionId as string, client };
}

async function floor(
  url: string,
): Promise<{ status: number; code: string | undefined; waiting: string[] | undefined }> {
  const { token } = await postJson(url, '/api/agents/login', DEMO_AGENT);
  const res = await fetch(`${url}/api/floor`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { waiting?: Array<{ sessionId: string }>; error?: { code: string } };
  return { status: res.status, code: body.error?.code, waiting: body.waiting?.map((w) => w.sessionId) };
}

const endedFrames = (cs: TestClient[]) => cs.flatMap((c) => c.frames.filter((f) => f.type === 'session.ended'));

/** The agent on node 1 in a call with a user on node 0, and three users waiting on both nodes. */
async function callAndLine() {
  const [a, b] = urls;
  const { token } = await postJson(b, '/api/agents/login', DEMO_AGENT);
  const agent = await connect(b, token);
  agent.send({ type: 'agent.setStatus', status: 'available' });
  await agent.next('agent.state', (f) => f.status === 'available', 10_000);
  const caller = await userWaits(a);
  const offer = await agent.next('offer.incoming', (f) => f.sessionId === caller.sessionId, 10_000);
  agent.send({ type: 'offer.accept', sessionId: offer.sessionId });
  await caller.client.next('session.live', () => true, 10_000);
  const line = [await userWaits(a), await userWaits(b), await userWaits(a)];
  return { agent, caller, line };
}

/** Signaling still crosses nodes: the agent's description reaches the user on the other node. */
async function signalingCrosses(agent: TestClient, caller: { sessionId: string; client: TestClient }, n: number) {
  const description = { type: 'answer', sdp: `v=0 check ${n}` };
  agent.send({ type: 'signal.description', sessionId: caller.sessionId, description });
  await caller.client.next('signal.description', (f) => JSON.stringify(f).includes(`check ${n}`), 10_000);
}

test('Redis stopped for 10 s: readiness and the live floor say so with stable codes, help requests still work, and everything recovers by itself with nobody lost', async () => {
  const { agent, caller, line } = await callAndLine();
  const everyone = [agent, caller.client, ...line.map((u) => u.client)];
  await redis.stop();
  const stoppedAt = Date.now();

  for (const url of urls) {
    await waitFor(async () => (await readiness(url)).redis === 'unreachable', 'readiness to see Redis away');
    expect(await readiness(url)).toMatchObject({ status: 503, redis: 'unreachable', database: 'ok' });
  }
  // No node runs the queue now: the live floor cannot be read, and says why.
  await waitFor(async () => (await floor(urls[1])).status === 503, 'the floor to say unavailable');
  expect(await floor(urls[1])).toMatchObject({ status: 503, code: 'unavailable' });
  // A user may still ask for help: the request is stored, and they are queued once Redis is back.
  const late = await postJson(urls[0], '/api/help-requests', { tenant: 'demo' });
  const lateClient = await connect(urls[0], late.token);

  await new Promise((r) => setTimeout(r, Math.max(0, stoppedAt + OUTAGE_MS - Date.now())));
  await redis.start();
  for (const url of urls) await waitFor(async () => (await readiness(url)).status === 200, 'both nodes ready', 30_000);
  const expected = [...line.map((u) => u.sessionId), late.sessionId];
  const inLine = async () => JSON.stringify((await floor(urls[0])).waiting);
  await waitFor(async () => (await inLine()) === JSON.stringify(expected), 'the line in order', 30_000).catch(
    async (err: Error) => {
      throw new Error(`${err.message}: expected ${JSON.stringify(expected)}, the floor shows ${await inLine()}`);
    },
  );
  await lateClient.next('session.queued', () => true, 10_000);
  await signalingCrosses(agent, caller, 1);
  expect(endedFrames(everyone)).toEqual([]);

  // The call ends normally and the first in line is offered to the agent.
  agent.send({ type: 'session.end', sessionId: caller.sessionId });
  await caller.client.next('session.ended', () => true, 10_000);
  await agent.next('offer.incoming', (f) => f.sessionId === line[0]?.sessionId, 10_000);
  agent.ws.close();
  for (const u of [...line, { client: lateClient }]) u.client.send({ type: 'session.cancel' });
}, 120_000);

test('PostgreSQL stopped for 10 s: requests that need it answer 503 unavailable, live calls go on, and what happened meanwhile is stored when it is back', async () => {
  await waitFor(async () => (await floor(urls[0])).waiting?.length === 0, 'an empty line');
  const { agent, caller, line } = await callAndLine();
  await postgres.stop();
  const stoppedAt = Date.now();

  for (const url of urls) {
    await waitFor(async () => (await readiness(url)).database === 'unreachable', 'readiness to see the database away');
    expect(await readiness(url)).toMatchObject({ status: 503, database: 'unreachable' });
  }
  const refused = await fetch(`${urls[1]}/api/help-requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'demo' }),
  });
  expect(refused.status).toBe(503);
  expect(refused.headers.get('retry-after')).not.toBeNull();
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('unavailable');

  // The call and the queue live in the engine's memory: signaling goes on, and the agent can end
  // the call and take the next user while the database is away.
  await signalingCrosses(agent, caller, 2);
  agent.send({ type: 'session.end', sessionId: caller.sessionId });
  await caller.client.next('session.ended', () => true, 10_000);
  const next = await agent.next('offer.incoming', (f) => f.sessionId === line[0]?.sessionId, 10_000);
  agent.send({ type: 'offer.accept', sessionId: next.sessionId });
  await line[0]?.client.next('session.live', () => true, 10_000);

  await new Promise((r) => setTimeout(r, Math.max(0, stoppedAt + OUTAGE_MS - Date.now())));
  await postgres.start();
  for (const url of urls) await waitFor(async () => (await readiness(url)).status === 200, 'both nodes ready', 30_000);
  // What happened during the outage reached the database: the first call ended, the next is live.
  const { token } = await postJson(urls[0], '/api/agents/login', DEMO_AGENT);
  const timeline = async (id: string) => {
    const res = await fetch(`${urls[0]}/api/sessions/${id}`, { headers: { authorization: `Bearer ${token}` } });
    return JSON.stringify(await res.json());
  };
  await waitFor(
    async () => (await timeline(caller.sessionId)).includes('agent_ended'),
    'the ended call stored',
    60_000,
  );
  await waitFor(async () => (await timeline(next.sessionId as string)).includes('accepted'), 'the new call stored');
  // Nobody else's session ended: not the waiting users', not the new call.
  expect(endedFrames(line.map((u) => u.client))).toEqual([]);
  expect(endedFrames([agent]).filter((f) => f.sessionId !== caller.sessionId)).toEqual([]);
  expect((await floor(urls[1])).waiting).toEqual(line.slice(1).map((u) => u.sessionId));
}, 180_000);

const redisCli = (...args: string[]) =>
  execFileSync('redis-cli', ['-u', redis.url, ...args], { encoding: 'utf8' }).trim();

test("the engine's ready mark lost (set while Redis was coming back): the engine's node marks it again, and the line is still there", async () => {
  const waiting = await userWaits(urls[1]);
  await waitFor(async () => redisCli('GET', 'lifeline:engine:ready') !== '', 'the engine marked ready');
  redisCli('DEL', 'lifeline:engine:ready');
  // Unmarked, no node would tell a new engine of its sockets: the engine's node marks it again.
  await waitFor(async () => redisCli('GET', 'lifeline:engine:ready') !== '', 'the mark set again', 10_000);
  expect((await floor(urls[0])).waiting).toContain(waiting.sessionId);
}, 60_000);

test('Redis refuses the nodes its channels for a while: neither node says it is ready meanwhile, and once allowed again both listen, say so, and relay again', async () => {
  // Keys still work (the lease, PING), channels do not: the nodes' subscribers are cut off and
  // cannot subscribe again, as when one Redis connection is back and another is not yet.
  redisCli('ACL', 'SETUSER', 'default', 'resetchannels');
  try {
    for (const url of urls)
      await waitFor(async () => (await readiness(url)).status === 503, 'a node that cannot hear the others to say so');
    expect(await readiness(urls[1])).toMatchObject({ status: 503, redis: 'unreachable', database: 'ok' });
  } finally {
    redisCli('ACL', 'SETUSER', 'default', 'allchannels');
  }
  for (const url of urls) await waitFor(async () => (await readiness(url)).status === 200, 'both nodes ready', 30_000);
  // Whichever node runs the queue, the user on the other one is told their place across Redis.
  const users = [await userWaits(urls[0]), await userWaits(urls[1])];
  expect((await floor(urls[0])).waiting).toEqual(expect.arrayContaining(users.map((u) => u.sessionId)));
  for (const { client } of users) client.send({ type: 'session.cancel' });
}, 90_000);
