import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient } from '@lifeline/signaling-server/testing/wsClient';
import { AGENT_PASSWORD, postJson, startLoadServer } from '../support/loadServer.js';
import { killHard, stopGracefully } from '../support/process.js';
import { startWaitingCrowd } from './waitingCrowd.js';

/**
 * Server dispatch under load, over real WebSockets on loopback: with `waiting` users queued and
 * `agents` agents all in calls, an agent ends a call and the time until their console rings with
 * the next user is measured. The last `disconnected` of the waiting users hold no socket: their
 * connection dropped and they keep their place for the reconnect grace (set to outlast the run).
 */
export async function measureDispatch(waiting: number, agents: number, samples: number, disconnected = 0) {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-bench-'));
  const databasePath = join(dir, 'bench.sqlite');
  const { server, url, emails } = await startLoadServer(
    databasePath,
    agents,
    disconnected ? { RECONNECT_GRACE_MS: String(30 * 60_000) } : {},
  );
  const consoles: TestClient[] = [];
  let supervisorToken = '';
  let crowd: { stop(): Promise<void> } | undefined;
  try {
    for (const email of emails) {
      const { token } = await postJson(url, '/api/agents/login', { email, password: AGENT_PASSWORD });
      supervisorToken ||= token; // the first account is the supervisor
      consoles.push(await TestClient.connect(url, token));
    }
    crowd = await startWaitingCrowd(url, waiting + agents + samples, disconnected);
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
    // The server's own count: the figures are for this queue, those between connections included.
    const { waiting: queued } = (await fetch(`${url}/api/stats`, {
      headers: { authorization: `Bearer ${supervisorToken}` },
    }).then((r) => r.json())) as { waiting: number };
    if (queued !== waiting + samples) throw new Error(`${queued} users waiting, not ${waiting + samples}`);

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
    for (const c of consoles) c.ws.terminate();
    await crowd?.stop();
    // Stopped as a deploy would when profiled (a `PROFILE_DIR` profile is written on exit).
    await (process.env.PROFILE_DIR ? stopGracefully(server) : killHard(server));
    rmSync(dir, { recursive: true, force: true });
  }
}
