import type { ChildProcess } from 'node:child_process';
import type { AgentId } from '@lifeline/shared';
import { hashPassword } from '@lifeline/signaling-server/auth/passwords';
import { openStore } from '@lifeline/signaling-server/store/openStore';
import { type PostgresServer, startPostgres } from '@lifeline/signaling-server/testing/postgres';
import { type RedisServer, startRedis } from '@lifeline/signaling-server/testing/redis';
import { TestClient } from '@lifeline/signaling-server/testing/wsClient';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, newContext, waitFor } from '../support/browser.js';
import { drawOnAgentScreen, inked } from '../support/drawing.js';
import {
  agentGoesAvailable,
  CONSOLE_SCREEN_VIDEO,
  USER_AGENT_VIDEO,
  userAsksForHelp,
  userSharesScreen,
} from '../support/flows.js';
import { startHaproxy } from '../support/haproxy.js';
import { postJson } from '../support/loadServer.js';
import { expectFramesAdvance } from '../support/media.js';
import { freePort, killHard, startServerProcess, stopGracefully } from '../support/process.js';
import { DEMO_AGENT } from '../support/server.js';
import { lostFrames, usersWait, type WaitingUser } from '../support/waitingUsers.js';

/**
 * Three compiled nodes on a real PostgreSQL and Redis, behind haproxy doing plain round-robin
 * with no stickiness: any node serves any client, one of them runs the queue, and killing or
 * deploying any node ends no call, signs nobody out and loses nobody's place.
 */
const LEASE_MS = 3_000;
const AGENTS = [1, 2].map((i) => ({ email: `agent-${i}@example.com`, password: `password-of-agent-${i}` }));
/** An agent signed in over a raw socket, waiting for calls when the queue's node dies. */
const IDLE_AGENT = { email: 'agent-3@example.com', password: 'password-of-agent-3' };

let browser: Browser;
let postgres: PostgresServer;
let redis: RedisServer;
let balancer: Awaited<ReturnType<typeof startHaproxy>> | undefined;
let shared: Record<string, string>;
const contexts: BrowserContext[] = [];
const processes: ChildProcess[] = [];
/** The node serving each port now. */
const nodes = new Map<number, ChildProcess>();
let ports: number[] = [];

type Readiness = { status: number; body: { engine: string } } | null;
const readiness = async (port: number): Promise<Readiness> => {
  const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null);
  return res ? { status: res.status, body: (await res.json()) as { engine: string } } : null;
};
const nodeUrl = (port: number) => `http://127.0.0.1:${port}`;

async function startNode(port: number, id: string): Promise<void> {
  const node = await startServerProcess({ ...shared, PORT: String(port), NODE_ID: id });
  processes.push(node);
  nodes.set(port, node);
  await waitFor(async () => (await readiness(port))?.status === 200, `node ${id} to be ready`, 20_000);
}

/** The port of the node running the queue, once one does. */
async function engineNode(timeoutMs = 20_000): Promise<number> {
  let found = 0;
  await waitFor(
    async () => {
      for (const port of ports) if ((await readiness(port))?.body.engine === 'here') found = port;
      return found !== 0;
    },
    'a node to run the engine',
    timeoutMs,
  );
  return found;
}

async function page(url: string): Promise<Page> {
  const context = await newContext(browser, url);
  contexts.push(context);
  return context.newPage();
}

/** The queue as a supervisor's floor shows it, read through the balancer. */
async function waitingOnTheFloor(): Promise<string[]> {
  const { token } = await postJson(balancer?.url as string, '/api/agents/login', DEMO_AGENT);
  const res = await fetch(`${balancer?.url}/api/floor`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { waiting: Array<{ sessionId: string }> }).waiting.map((w) => w.sessionId);
}

beforeAll(async () => {
  [browser, postgres, redis] = await Promise.all([launchChromium(), startPostgres(), startRedis()]);
  const databaseUrl = await postgres.database();
  shared = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    AUTH_SECRET: 'a-shared-secret-of-at-least-32-characters',
    ENGINE_LEASE_MS: String(LEASE_MS),
    RATE_LIMITS: 'off',
  };
  // Two more agents, so two calls can be live at once.
  const store = await openStore({ databaseUrl, databasePath: ':memory:' });
  for (const [i, agent] of [...AGENTS, IDLE_AGENT].entries()) {
    await store.addAgent({
      id: `agent-${i + 1}` as AgentId,
      email: agent.email,
      name: `Agent ${i + 1}`,
      passwordHash: await hashPassword(agent.password),
      skills: { languages: ['en'], areas: [] },
      team: 'support',
      role: 'agent',
    });
  }
  await store.close();
  ports = [await freePort(), await freePort(), await freePort()];
  // A starts first, so it runs the engine; B and C serve clients beside it.
  await startNode(ports[0] as number, 'node-a');
  await startNode(ports[1] as number, 'node-b');
  await startNode(ports[2] as number, 'node-c');
  balancer = await startHaproxy(ports);
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await balancer?.stop();
  for (const node of processes) if (node.exitCode === null && node.signalCode === null) await killHard(node);
  await Promise.all([postgres?.destroy(), redis?.destroy()]);
});

test('any node serves any client: a user connected to one node is answered by an agent connected to another; media flows both ways and drawings land', async () => {
  const [a, b, c] = ports as [number, number, number];
  expect(await readiness(a)).toMatchObject({ status: 200, body: { engine: 'here' } });
  expect(await readiness(b)).toMatchObject({ status: 200, body: { engine: 'elsewhere' } });
  expect(await readiness(c)).toMatchObject({ status: 200, body: { engine: 'elsewhere' } });

  // The agent on node B, the user on node C, the queue on node A: every frame crosses nodes.
  const agent = await page(nodeUrl(b));
  const user = await page(nodeUrl(c));
  await agentGoesAvailable(agent);
  await userAsksForHelp(user);
  await agent.getByRole('button', { name: 'Accept' }).click();
  await user.getByText('can see this page').waitFor();
  await userSharesScreen(agent, user);
  await expectFramesAdvance(agent, CONSOLE_SCREEN_VIDEO);
  await expectFramesAdvance(user, USER_AGENT_VIDEO);

  await agent.getByRole('button', { name: 'Pen', exact: true }).click();
  await drawOnAgentScreen(agent, [0.2, 0.5], [0.6, 0.5]);
  await waitFor(() => inked(user, 0.4, 0.5), 'the stroke on the user page');

  await user.getByRole('button', { name: 'End call' }).click();
  await agent.getByText('The user ended the call').waitFor();
  await agent.getByRole('button', { name: 'Away' }).click();
}, 120_000);

/** Two live calls through the balancer, then `count` users waiting behind them. */
async function twoCallsAndUsersWaiting(count: number) {
  const url = balancer?.url as string;
  const calls: Array<{ agent: Page; user: Page }> = [];
  for (const account of AGENTS) {
    const agent = await page(url);
    await agentGoesAvailable(agent, account);
    const user = await page(url);
    await userAsksForHelp(user);
    await agent.getByRole('button', { name: 'Accept' }).click();
    await user.getByText('can see this page').waitFor();
    await userSharesScreen(agent, user);
    calls.push({ agent, user });
  }
  const waiting = await usersWait(url, count);
  expect(await waitingOnTheFloor()).toEqual(waiting.map((u) => u.sessionId));
  return { calls, waiting };
}

/** Both calls still live, both ways; both agents still signed in. */
async function callsGoOn(calls: Array<{ agent: Page; user: Page }>): Promise<void> {
  for (const { agent, user } of calls) {
    await expectFramesAdvance(agent, CONSOLE_SCREEN_VIDEO);
    await expectFramesAdvance(user, USER_AGENT_VIDEO);
    expect(await agent.getByLabel('Password').count()).toBe(0);
    await agent.getByRole('button', { name: 'End call' }).waitFor();
  }
}

/** Nobody who waited was dropped or sent back, and the line is in the order they asked. */
async function nobodyLost(waiting: WaitingUser[]): Promise<void> {
  expect(waiting.flatMap(lostFrames)).toEqual([]);
  await waitFor(
    async () => JSON.stringify(await waitingOnTheFloor()) === JSON.stringify(waiting.map((u) => u.sessionId)),
    'the whole line, in order, on the floor',
    20_000,
  );
}

let scene: Awaited<ReturnType<typeof twoCallsAndUsersWaiting>> | undefined;

test('kill -9 of the node running the queue, with 50 users waiting and 2 calls live: another node takes over, media never stops, nobody is signed out or loses their place', async () => {
  scene = await twoCallsAndUsersWaiting(50);
  const owner = await engineNode();
  const killedAt = Date.now();
  await killHard(nodes.get(owner) as ChildProcess);
  // While no node runs the queue, both calls keep decoding each other's media.
  await callsGoOn(scene.calls);
  ports = ports.filter((p) => p !== owner);
  const next = await engineNode(10_000 + LEASE_MS);
  console.log(`failover: node on ${next} runs the engine ${Date.now() - killedAt} ms after kill -9`);
  expect(Date.now() - killedAt).toBeLessThan(10_000 + LEASE_MS);

  // Clients of the killed node came back through the balancer, to the others.
  for (const { agent, user } of scene.calls) {
    await user.getByText('Reconnecting…').waitFor({ state: 'hidden', timeout: 20_000 });
    await agent.getByText('Reconnecting…').waitFor({ state: 'hidden', timeout: 20_000 });
  }
  await callsGoOn(scene.calls);
  await nobodyLost(scene.waiting);
  expect(scene.waiting.some((u) => u.opens > 1)).toBe(true); // some were on the killed node

  // The killed node comes back (as a supervisor restarts it) and serves beside the others.
  ports = [...ports, owner];
  await startNode(owner, 'node-a-2');
  expect((await readiness(owner))?.body.engine).toBe('elsewhere');
}, 240_000);

test('rolling restart: every node is SIGTERMed and replaced in turn during live calls with users waiting; no call ends, nobody is signed out or loses their place', async () => {
  const { calls, waiting } = scene ?? (await twoCallsAndUsersWaiting(50));
  for (const [i, port] of [...ports].entries()) {
    const deployedAt = Date.now();
    await stopGracefully(nodes.get(port) as ChildProcess);
    await engineNode();
    console.log(`rolling restart: node on ${port} stopped; a node runs the engine ${Date.now() - deployedAt} ms later`);
    await startNode(port, `node-${i}-deployed`);
    await callsGoOn(calls);
  }
  for (const { agent, user } of calls) {
    await user.getByText('Reconnecting…').waitFor({ state: 'hidden', timeout: 20_000 });
    await agent.getByText('Reconnecting…').waitFor({ state: 'hidden', timeout: 20_000 });
  }
  await callsGoOn(calls);
  await nobodyLost(waiting);

  // The service still works end to end: a call ends normally and the next in line is offered.
  const [first] = calls as [{ agent: Page; user: Page }];
  await first.user.getByRole('button', { name: 'End call' }).click();
  await first.agent.getByText('The user ended the call').waitFor();
  await first.agent.getByRole('button', { name: 'Accept' }).click({ timeout: 20_000 });
  const answered = waiting[0] as WaitingUser;
  await waitFor(async () => answered.frames.some((f) => f.type === 'session.live'), 'the first in line answered');
  for (const user of waiting) user.socket.close();
}, 300_000);

/** An agent's console over a raw socket, on a node other than the one running the queue. */
async function consoleBesideTheEngine(account: { email: string; password: string }) {
  const owner = await engineNode();
  const beside = ports.find((p) => p !== owner) as number;
  const { token } = await postJson(nodeUrl(beside), '/api/agents/login', account);
  return { owner, beside, agent: await TestClient.connect(nodeUrl(beside), token) };
}

test('kill -9 of the queue’s node the moment a console was told of its next call: the node taking over resumes that very call', async () => {
  const { owner, agent } = await consoleBesideTheEngine(DEMO_AGENT);
  // A burst of users pressing help keeps the database busy while the agent takes call after call.
  const users: TestClient[] = [];
  const arriving = (async () => {
    for (let i = 0; i < 150; i++) {
      const { token: userToken } = await postJson(balancer?.url as string, '/api/help-requests', { tenant: 'demo' });
      users.push(await TestClient.connect(balancer?.url as string, userToken));
    }
  })().catch(() => undefined); // some users were on the killed node
  agent.send({ type: 'agent.setStatus', status: 'available' });
  let told = '';
  for (let call = 0; call < 8; call++) {
    const offer = await agent.next('offer.incoming', (f) => f.sessionId !== told, 20_000);
    agent.frames.length = 0;
    agent.send({ type: 'offer.accept', sessionId: offer.sessionId });
    told = (await agent.next('session.live', () => true, 20_000)).sessionId as string;
    if (call < 7) agent.send({ type: 'session.end', sessionId: told });
  }
  await killHard(nodes.get(owner) as ChildProcess);
  agent.frames.length = 0;
  ports = ports.filter((p) => p !== owner);
  await engineNode(10_000 + LEASE_MS);
  const resumed = await agent.next('session.live', (f) => f.resumed === true, 20_000);
  expect(resumed.sessionId).toBe(told);
  await arriving;
  for (const user of users) user.send({ type: 'session.cancel' });
  for (const client of [agent, ...users]) client.ws.terminate();
  ports = [...ports, owner];
  await startNode(owner, `node-${owner}-back`);
}, 120_000);

test('an agent waiting for calls on a node that stays up is still available after the queue’s node dies, and is offered the next user', async () => {
  const { owner, beside, agent } = await consoleBesideTheEngine(IDLE_AGENT);
  agent.send({ type: 'agent.setStatus', status: 'available' });
  await agent.next('agent.state', (f) => f.status === 'available', 10_000);

  await killHard(nodes.get(owner) as ChildProcess);
  agent.frames.length = 0;
  ports = ports.filter((p) => p !== owner);
  await engineNode(10_000 + LEASE_MS);
  // The new engine heard of the console again; what it says of the agent is the last word.
  await waitFor(async () => agent.frames.some((f) => f.type === 'agent.state'), 'the console announced again');
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(agent.frames.filter((f) => f.type === 'agent.state').at(-1)?.status).toBe('available');

  const { token: userToken } = await postJson(nodeUrl(beside), '/api/help-requests', { tenant: 'demo' });
  const user = await TestClient.connect(nodeUrl(beside), userToken);
  const offer = await agent.next('offer.incoming', () => true, 20_000);
  expect(offer.sessionId).toBeTruthy();
  for (const client of [agent, user]) client.ws.terminate();
}, 120_000);
