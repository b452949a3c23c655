import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@lifeline/signaling-server/store/openStore';
import { sessionStatus } from '@lifeline/signaling-server/store/status';
import type WebSocket from 'ws';
import { AGENT_PASSWORD, postJson, startLoadServer } from '../support/loadServer.js';
import { residentBytes, stopGracefully } from '../support/process.js';
import { openClient, send } from './lightClient.js';

/**
 * `pnpm soak`: a bounded, loopback-only soak of the real compiled server. SOAK_USERS users stay
 * connected with constant churn (they join, wait, cancel, drop and come back, get answered),
 * SOAK_AGENTS agents answer and hang up, and a slice of clients misbehave. Afterwards every
 * session must be in a final state, and memory must have stayed flat after the first minute.
 */
const USERS = Number(process.env.SOAK_USERS ?? 2_000);
const AGENTS = Number(process.env.SOAK_AGENTS ?? 50);
const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const GRACE_MS = 5_000;
const random = (min: number, max: number) => min + Math.random() * (max - min);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dir = mkdtempSync(join(tmpdir(), 'lifeline-soak-'));
const databasePath = join(dir, 'soak.sqlite');
const { server, url } = await startLoadServer(databasePath, AGENTS, {
  RECONNECT_GRACE_MS: String(GRACE_MS),
  OFFER_TIMEOUT_MS: '5000',
});
const post = (path: string, body: unknown) => postJson(url, path, body);
const rssMb = () => residentBytes(server.pid as number) / 1024 / 1024;

let running = true;
const counts = { joined: 0, cancelled: 0, dropped: 0, answered: 0, misbehaved: 0, errors: 0 };
const sockets = new Set<WebSocket>();

/** An agent: available, accepts what rings, talks 1-6 s, hangs up, again. */
async function agent(i: number) {
  const { token } = await post('/api/agents/login', { email: `agent-${i}@example.com`, password: AGENT_PASSWORD });
  const ws = await openClient(url, token, (frame) => {
    if (frame.type === 'offer.incoming') send(ws, { type: 'offer.accept', sessionId: frame.sessionId });
    if (frame.type === 'session.live' && !frame.resumed) {
      counts.answered++;
      setTimeout(() => send(ws, { type: 'session.end', sessionId: frame.sessionId }), random(1_000, 6_000));
    }
  });
  sockets.add(ws);
  send(ws, { type: 'agent.setStatus', status: 'available' });
  return { ws, token };
}

/** A user: asks, waits, and then one of: answered, cancels, drops and comes back, or misbehaves. */
async function user(): Promise<void> {
  const req = await post('/api/help-requests', { tenant: 'demo' });
  counts.joined++;
  const fate = Math.random();
  let ended = false;
  const onFrame = (frame: { type: string }) => {
    if (frame.type === 'session.ended') ended = true;
    if (frame.type === 'error') counts.errors++;
  };
  let ws = await openClient(url, req.token, onFrame);
  sockets.add(ws);
  const deadline = Date.now() + random(10_000, 90_000);
  if (fate < 0.05) {
    // Misbehaving: garbage, a flood, and an oversize frame.
    counts.misbehaved++;
    for (let i = 0; i < 50; i++) send(ws, i % 2 ? '{not json' : { type: 'offer.accept', sessionId: 'x' });
    send(ws, 'x'.repeat(70_000));
  } else if (fate < 0.15) {
    // Drops and comes back with the same token, within the grace period.
    await sleep(random(1_000, 8_000));
    ws.terminate();
    counts.dropped++;
    await sleep(random(200, GRACE_MS / 2));
    ws = await openClient(url, req.token, onFrame);
    sockets.add(ws);
  }
  while (running && !ended && Date.now() < deadline) await sleep(500);
  if (!ended) {
    send(ws, { type: 'session.cancel' });
    counts.cancelled++;
  }
  await sleep(200);
  ws.close();
}

/** Keeps USERS users in flight. */
async function population() {
  let inFlight = 0;
  while (running) {
    while (running && inFlight < USERS) {
      inFlight++;
      void user()
        .catch(() => counts.errors++)
        .finally(() => inFlight--);
      await sleep(5);
    }
    await sleep(200);
  }
}

const agents = [];
for (let i = 0; i < AGENTS; i++) agents.push(await agent(i));
const reader = agents[0]?.token as string;
const figures = async () =>
  (await (await fetch(`${url}/api/stats`, { headers: { authorization: `Bearer ${reader}` } })).json()) as Record<
    string,
    number
  >;

console.log(`Soak: ${USERS} users, ${AGENTS} agents, ${MINUTES} min, loopback, compiled server (pid ${server.pid})\n`);
console.log('minute  joined  waiting  inCall  answered  abandoned  rss MB');
void population();
const rss: number[] = [];
for (let minute = 1; minute <= MINUTES; minute++) {
  await sleep(60_000);
  const f = await figures();
  rss.push(rssMb());
  console.log(
    `${String(minute).padStart(6)}  ${String(counts.joined).padStart(6)}  ${String(f.waiting).padStart(7)}  ${String(f.inCall).padStart(6)}  ${String(f.answered).padStart(8)}  ${String(f.abandoned).padStart(9)}  ${rss.at(-1)?.toFixed(1).padStart(6)}`,
  );
}

// Drain: no new users; the last ones leave; the grace period passes; agents sign off.
running = false;
await sleep(GRACE_MS + 8_000);
for (const ws of sockets) ws.close();
await sleep(GRACE_MS + 2_000);
await stopGracefully(server);

const check = await openStore({ databasePath });
const open = await check.openSessions();
const total = (await check.sessionsRequested(0, Date.now() + 1)).length;
await check.close();
rmSync(dir, { recursive: true, force: true });

/**
 * Growth after the first minute: the least-squares line through minutes 2 to the end, so one
 * reading caught before or after a collection neither hides nor fakes a trend. With many users
 * the first minute is still filling up.
 */
const settled = rss.slice(1);
const growth = settled.length > 1 ? trendPercent(settled) : 0;
const byStatus = open.reduce<Record<string, number>>(
  (n, s) => ({ ...n, [sessionStatus(s)]: (n[sessionStatus(s)] ?? 0) + 1 }),
  {},
);
const lastEvents = open.slice(0, 3).map((s) => s.events.map((e) => e.kind).join('>'));
console.log(
  `\nsessions: ${total}, still open after the drain: ${open.length} ${JSON.stringify(byStatus)} ${JSON.stringify(lastEvents)}`,
);
console.log(`clients: ${JSON.stringify(counts)}`);
console.log(
  `server memory after minute 1: ${rss[0]?.toFixed(1)} MB; at the end: ${rss.at(-1)?.toFixed(1)} MB; trend from minute 2: ${growth.toFixed(1)} %`,
);
const ok = server.exitCode === 0 && open.length === 0 && (MINUTES < 3 || growth < 10);
console.log(ok ? '\nSOAK OK' : '\nSOAK FAILED');
process.exit(ok ? 0 : 1);

/** The fitted line's rise from its first point to its last, as a share of the first. */
function trendPercent(values: number[]): number {
  const n = values.length;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((a, b) => a + b, 0) / n;
  let covariance = 0;
  let variance = 0;
  values.forEach((y, x) => {
    covariance += (x - meanX) * (y - meanY);
    variance += (x - meanX) ** 2;
  });
  const slope = covariance / variance;
  const start = meanY - slope * meanX;
  return ((slope * (n - 1)) / start) * 100;
}
