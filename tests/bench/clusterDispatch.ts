import type { ChildProcess } from 'node:child_process';
import type { AgentId } from '@lifeline/shared';
import { hashPassword } from '@lifeline/signaling-server/auth/passwords';
import { openStore } from '@lifeline/signaling-server/store/openStore';
import { startPostgres } from '@lifeline/signaling-server/testing/postgres';
import { startRedis } from '@lifeline/signaling-server/testing/redis';
import { TestClient } from '@lifeline/signaling-server/testing/wsClient';
import { startHaproxy } from '../support/haproxy.js';
import { AGENT_PASSWORD, postJson } from '../support/loadServer.js';
import { freePort, killHard, startServerProcess, stopGracefully } from '../support/process.js';

const readyz = async (port: number) =>
  ((await (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.json()) ?? null) as {
    engine: string;
  } | null;

async function until(probe: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Three compiled nodes on PostgreSQL and Redis behind haproxy, `waiting` users queued through the
 * balancer and `agents` agents in calls. An agent ends a call and the time until their console
 * rings with the next user is measured twice in the same run: for agents connected to the node
 * running the engine (the baseline: no hop between nodes) and for agents on the other nodes
 * (their frames cross Redis both ways). Then the engine's node is killed with -9 and the time
 * until another node runs the engine and an agent's console rings again is measured.
 */
export async function measureClusterDispatch(waiting: number, agents: number, samples: number) {
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const databaseUrl = await postgres.database();
  const store = await openStore({ databaseUrl, databasePath: ':memory:' });
  const passwordHash = await hashPassword(AGENT_PASSWORD);
  const emails: string[] = [];
  for (let i = 0; i < agents; i++) {
    emails.push(`agent-${i}@example.com`);
    await store.addAgent({
      id: `load-${i}` as AgentId,
      email: `agent-${i}@example.com`,
      name: `Agent ${i}`,
      passwordHash,
      skills: { languages: ['en'], areas: [] },
      team: 'load',
      role: 'agent',
    });
  }
  await store.close();
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    AUTH_SECRET: 'a-shared-secret-of-at-least-32-characters',
    ENGINE_LEASE_MS: '3000',
    RATE_LIMITS: 'off',
    ACCESS_LOG: 'false',
    LOG_LEVEL: process.env.NODE_LOGS ?? 'error', // NODE_LOGS=warn shows the nodes' logs
  };
  const ports = [await freePort(), await freePort(), await freePort()];
  const nodes: ChildProcess[] = [];
  const clients: TestClient[] = [];
  let balancer: Awaited<ReturnType<typeof startHaproxy>> | undefined;
  try {
    for (const [i, port] of ports.entries()) {
      nodes.push(await startServerProcess({ ...env, PORT: String(port), NODE_ID: `bench-${i}` }));
      await until(async () => (await readyz(port)) !== null && (await readyz(port))?.engine !== 'none');
    }
    balancer = await startHaproxy(ports);
    const engineIndex = 0; // the first node started runs the engine
    const nodeUrl = (i: number) => `http://127.0.0.1:${ports[i]}`;

    // Agents alternate between the nodes, so some sit beside the engine and some do not.
    const consoles: Array<{ client: TestClient; node: number }> = [];
    for (const [i, email] of emails.entries()) {
      const node = i % 3;
      const { token } = await postJson(nodeUrl(node), '/api/agents/login', { email, password: AGENT_PASSWORD });
      const client = await TestClient.connect(nodeUrl(node), token);
      clients.push(client);
      consoles.push({ client, node });
    }
    for (let i = 0; i < waiting + agents + samples * 2 + 1; i++) {
      // Help requests go through haproxy; the sockets are spread over the nodes as its round robin
      // would, but directly: proxied, each holds two of haproxy's files, and its open-files
      // limit here (20,000) would cap the bench near 10,000 users.
      const { token } = await postJson(balancer.url, '/api/help-requests', { tenant: 'bench' });
      const user = await TestClient.connect(nodeUrl(i % 3), token);
      user.ws.removeAllListeners('message'); // keep the bench's memory flat: users only wait
      clients.push(user);
    }
    const live = new Map<TestClient, string>();
    await Promise.all(
      consoles.map(async ({ client }) => {
        client.send({ type: 'agent.setStatus', status: 'available' });
        const offer = await client.next('offer.incoming', () => true, 120_000);
        client.send({ type: 'offer.accept', sessionId: offer.sessionId });
        await client.next('session.live', () => true, 60_000);
        live.set(client, offer.sessionId as string);
      }),
    );

    const freeUp = async (client: TestClient, timeoutMs = 10_000) => {
      client.frames.length = 0;
      const started = performance.now();
      client.send({ type: 'session.end', sessionId: live.get(client) });
      const offer = await client.next('offer.incoming', () => true, timeoutMs);
      const ms = performance.now() - started;
      client.send({ type: 'offer.accept', sessionId: offer.sessionId });
      await client.next('session.live', () => true, timeoutMs);
      live.set(client, offer.sessionId as string);
      return ms;
    };
    const beside = consoles.filter((c) => c.node === engineIndex).map((c) => c.client);
    const across = consoles.filter((c) => c.node !== engineIndex).map((c) => c.client);
    const local: number[] = [];
    const crossNode: number[] = [];
    for (let i = 0; i < samples; i++) {
      local.push(await freeUp(beside[i % beside.length] as TestClient));
      crossNode.push(await freeUp(across[i % across.length] as TestClient));
    }

    // kill -9 of the engine's node; an agent on another node ends their call meanwhile and
    // presses again until the new engine answers with the next user.
    const survivor = across[0] as TestClient;
    const killedAt = performance.now();
    await killHard(nodes[engineIndex] as ChildProcess);
    await until(async () => {
      for (const port of ports.slice(1)) if ((await readyz(port))?.engine === 'here') return true;
      return false;
    });
    const takeoverMs = performance.now() - killedAt;
    survivor.frames.length = 0;
    // Until the new engine has heard of this console again, its frames are not acted on: press again.
    for (let tries = 0; !survivor.frames.some((f) => f.type === 'offer.incoming'); tries++) {
      if (tries > 60) return { local, crossNode, takeoverMs, nextOfferMs: null };
      survivor.send({ type: 'session.end', sessionId: live.get(survivor) });
      await survivor.next('offer.incoming', () => true, 500).catch(() => undefined);
    }
    const nextOfferMs = performance.now() - killedAt;
    return { local, crossNode, takeoverMs, nextOfferMs };
  } finally {
    for (const c of clients) c.ws.terminate();
    // Stopped as a deploy would (so `PROFILE_DIR` profiles get written).
    for (const node of nodes) if (node.exitCode === null && node.signalCode === null) await stopGracefully(node);
    await balancer?.stop();
    await Promise.all([postgres.destroy(), redis.destroy()]);
  }
}
