import type { ChildProcess } from 'node:child_process';
import { type PostgresServer, startPostgres } from '@lifeline/signaling-server/testing/postgres';
import { type RedisServer, startRedis } from '@lifeline/signaling-server/testing/redis';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, newContext } from '../support/browser.js';
import { agentGoesAvailable, CONSOLE_SCREEN_VIDEO, USER_AGENT_VIDEO, userAsksForHelp } from '../support/flows.js';
import { startHaproxy } from '../support/haproxy.js';
import { expectFramesAdvance } from '../support/media.js';
import { freePort, killHard, startServerProcess, stopGracefully } from '../support/process.js';

let browser: Browser;
let postgres: PostgresServer;
let redis: RedisServer;
let balancer: Awaited<ReturnType<typeof startHaproxy>> | undefined;
const nodes: ChildProcess[] = [];

beforeAll(async () => {
  [browser, postgres, redis] = await Promise.all([launchChromium(), startPostgres(), startRedis()]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await balancer?.stop();
  for (const node of nodes) if (node.exitCode === null && node.signalCode === null) await killHard(node);
  await Promise.all([postgres?.destroy(), redis?.destroy()]);
});

const readiness = async (port: number) => {
  const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null);
  return res ? { status: res.status, body: (await res.json()) as { engine: string } } : null;
};

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('two nodes on PostgreSQL and Redis behind haproxy: the engine owner is killed with -9 mid-call, then the other is deployed; each time the standby takes over, media never stops, nobody is signed out or loses their place', async () => {
  const databaseUrl = await postgres.database();
  const [portA, portB] = [await freePort(), await freePort()];
  const shared = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    AUTH_SECRET: 'a-shared-secret-of-at-least-32-characters',
    ENGINE_LEASE_MS: '3000',
  };
  const nodeA = await startServerProcess({ ...shared, PORT: String(portA), NODE_ID: 'node-a' });
  nodes.push(nodeA);
  await until('node A to run the engine', async () => (await readiness(portA))?.status === 200);
  const nodeB = await startServerProcess({ ...shared, PORT: String(portB), NODE_ID: 'node-b' });
  nodes.push(nodeB);
  // B stands by: alive, not ready, and it says why.
  expect(await readiness(portB)).toMatchObject({ status: 503, body: { engine: 'standby' } });
  const refused = await fetch(`http://127.0.0.1:${portB}/api/help-requests`, { method: 'POST' });
  expect(refused.status).toBe(503);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('unavailable');

  balancer = await startHaproxy([portA, portB]);
  const url = balancer.url;
  const agent = await (await newContext(browser, url)).newPage();
  await agentGoesAvailable(agent);
  const caller = await (await newContext(browser, url)).newPage();
  await userAsksForHelp(caller);
  await agent.getByRole('button', { name: 'Accept' }).click();
  await caller.getByText('can see this tab').waitFor();
  await expectFramesAdvance(agent, CONSOLE_SCREEN_VIDEO);
  // A second user waits behind the call.
  const waiting = await (await newContext(browser, url)).newPage();
  await userAsksForHelp(waiting);
  await waiting.getByText("You're next in line.").waitFor();

  const killedAt = Date.now();
  await killHard(nodeA);
  await caller.getByText('Reconnecting…').waitFor();
  // While no node runs the engine, both sides of the call keep decoding each other's media.
  await expectFramesAdvance(agent, CONSOLE_SCREEN_VIDEO);
  await expectFramesAdvance(caller, USER_AGENT_VIDEO);
  await until('node B to take over', async () => (await readiness(portB))?.status === 200);
  console.log(`failover: node B runs the engine ${Date.now() - killedAt} ms after kill -9 of node A`);

  // Everyone is back through the balancer, on node B: signed in, in the call, in line.
  await caller.getByText('Reconnecting…').waitFor({ state: 'hidden', timeout: 20_000 });
  await agent.getByText('Reconnecting…').waitFor({ state: 'hidden', timeout: 20_000 });
  expect(await agent.getByLabel('Password').count()).toBe(0);
  await caller.getByText('can see this tab').waitFor();
  await waiting.getByText("You're next in line.").waitFor();
  await expectFramesAdvance(agent, CONSOLE_SCREEN_VIDEO);
  await expectFramesAdvance(caller, USER_AGENT_VIDEO);

  // The call goes on through node B and ends normally; the waiting user is answered next.
  await caller.getByRole('button', { name: 'Pause sharing' }).click();
  await agent.getByText('The user paused screen sharing.').waitFor();
  await agent.getByRole('button', { name: 'End call' }).click();
  await caller.getByText('The agent ended the call').waitFor();
  await agent.getByRole('button', { name: 'Accept' }).click({ timeout: 20_000 });
  await waiting.getByText('can see this tab').waitFor();
  await expectFramesAdvance(agent, CONSOLE_SCREEN_VIDEO);

  // The rest of a rolling restart: A comes back as the standby, then B is deployed (SIGTERM). B
  // hands the lease over as it stops, so A takes over without waiting for the lease to expire.
  const nodeA2 = await startServerProcess({ ...shared, PORT: String(portA), NODE_ID: 'node-a-2' });
  nodes.push(nodeA2);
  expect(await readiness(portA)).toMatchObject({ status: 503, body: { engine: 'standby' } });
  const deployedAt = Date.now();
  await stopGracefully(nodeB);
  await until('node A to take over', async () => (await readiness(portA))?.status === 200);
  console.log(`handover: node A runs the engine ${Date.now() - deployedAt} ms after SIGTERM to node B`);
  await agent.getByText('Reconnecting…').waitFor({ state: 'hidden', timeout: 20_000 });
  await expectFramesAdvance(agent, CONSOLE_SCREEN_VIDEO);
  await expectFramesAdvance(waiting, USER_AGENT_VIDEO);
  await waiting.getByRole('button', { name: 'End call' }).click();
  await agent.getByText('You are available').waitFor();
  await stopGracefully(nodeA2);
}, 180_000);
