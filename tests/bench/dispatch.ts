import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentId } from '@lifeline/shared';
import { hashPassword } from '@lifeline/signaling-server/auth/passwords';
import { SqliteStore } from '@lifeline/signaling-server/store/sqliteStore';
import { TestClient } from '@lifeline/signaling-server/testing/wsClient';
import { freePort, killHard, startServerProcess } from '../support/process.js';

const PASSWORD = 'bench-password';

/** Agent accounts written straight into the database before the server starts. */
async function seedAgents(path: string, count: number): Promise<string[]> {
  const store = new SqliteStore(path);
  const passwordHash = await hashPassword(PASSWORD);
  const emails: string[] = [];
  for (let i = 0; i < count; i++) {
    const email = `bench-agent-${i}@example.com`;
    store.addAgent({
      id: `bench-${i}` as AgentId,
      email,
      name: `Agent ${i}`,
      passwordHash,
      skills: { languages: ['en'], areas: [] },
      team: `team-${i % 10}`,
      role: 'agent',
    });
    emails.push(email);
  }
  store.close();
  return emails;
}

/**
 * Server dispatch under load, over real WebSockets on loopback: with `waiting` users queued and
 * `agents` agents all in calls, an agent ends a call and the time until their console rings with
 * the next user is measured.
 */
export async function measureDispatch(waiting: number, agents: number, samples: number) {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-bench-'));
  const databasePath = join(dir, 'bench.sqlite');
  const emails = await seedAgents(databasePath, agents);
  const port = String(await freePort());
  const url = `http://127.0.0.1:${port}`;
  const server = await startServerProcess({
    PORT: port,
    DATABASE_PATH: databasePath,
    LOG_LEVEL: 'error',
    RATE_LIMITS: 'off', // every user comes from loopback
    ACCESS_LOG: 'false',
  });
  const clients: TestClient[] = [];
  try {
    const post = async (path: string, body: unknown) =>
      (await (
        await fetch(`${url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json()) as { token: string; sessionId: string };

    const consoles: TestClient[] = [];
    for (const email of emails) {
      const { token } = await post('/api/agents/login', { email, password: PASSWORD });
      const agent = await TestClient.connect(url, token);
      clients.push(agent);
      consoles.push(agent);
    }
    for (let i = 0; i < waiting + agents + samples; i++) {
      const { token } = await post('/api/help-requests', { tenant: 'bench' });
      const user = await TestClient.connect(url, token);
      user.ws.removeAllListeners('message'); // keep the bench's memory flat: users only wait
      clients.push(user);
    }
    // Every agent takes a call, leaving `waiting + samples` users queued.
    const live = new Map<TestClient, string>();
    await Promise.all(
      consoles.map(async (agent) => {
        agent.send({ type: 'agent.setStatus', status: 'available' });
        const offer = await agent.next('offer.incoming', () => true, 60_000);
        agent.send({ type: 'offer.accept', sessionId: offer.sessionId });
        await agent.next('session.live', () => true, 60_000);
        live.set(agent, offer.sessionId as string);
      }),
    );

    const latencies: number[] = [];
    for (let i = 0; i < samples; i++) {
      const agent = consoles[i % consoles.length] as TestClient;
      const sessionId = live.get(agent) as string;
      agent.frames.length = 0;
      const started = performance.now();
      agent.send({ type: 'session.end', sessionId });
      const offer = await agent.next('offer.incoming', () => true, 10_000);
      latencies.push(performance.now() - started);
      agent.send({ type: 'offer.accept', sessionId: offer.sessionId });
      await agent.next('session.live', () => true, 10_000);
      live.set(agent, offer.sessionId as string);
    }
    return latencies;
  } finally {
    for (const c of clients) c.ws.terminate();
    await killHard(server);
    rmSync(dir, { recursive: true, force: true });
  }
}
