import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type WebSocket from 'ws';
import { openClient, send } from '../soak/lightClient.js';
import { AGENT_PASSWORD, postJson, startLoadServer } from '../support/loadServer.js';
import { cpuSeconds, killHard, stopGracefully } from '../support/process.js';

export interface FlashCrowdResult {
  offeredPerS: number;
  seconds: number;
  /** Users who reached the queue (told their position), per second of the crowd. */
  waitingPerS: number[];
  /** Users refused (`rate_limited`); with `askAgain`, those still refused after a minute of asking. */
  refused: number;
  /**
   * Users lost (`lostCount` adds them up), by what went wrong: the request failed or had an answer
   * other than the session or `rate_limited`, the socket failed, or the user was never told their
   * place in the 3-7 s they waited.
   */
  lostBecause: Record<LostBecause, number>;
  /**
   * The errors behind `request failed` and `socket failed`, by code, and whether the request went
   * out on a kept-alive connection it reused.
   */
  failures: Record<string, number>;
  /**
   * Help requests sent again because the kept-alive connection they went out on was reset before
   * any answer (most likely the server closing it as idle as the request left, so the server
   * never saw them), as browsers do by themselves.
   */
  resent: number;
  /** `askAgain` only: help requests sent again after a refusal, with its ticket. */
  askedAgain: number;
  /** Press -> told their place in the queue (from the first press, when asked again). */
  pressToQueuedMs: number[];
  /** Press -> the help request's reply (the session and its token). */
  pressToReplyMs: number[];
  /** Snapshots of the queue taken during the crowd that were out of arrival order. */
  outOfOrder: number;
  snapshots: number;
  /** Floor reads that failed (the supervisor's request went unanswered). */
  failedSnapshots: number;
  /**
   * CPU seconds from the first press until every user settled: the server (all its threads) and
   * this process, the load generator, which shares the machine's cores with it.
   */
  cpuSeconds: { server: number; generator: number };
  /** Seconds from the first press until every user settled. */
  settledAfterS: number;
}

type LostBecause = 'request failed' | 'other answer' | 'socket failed' | 'never told their place';

export const lostCount = ({ lostBecause }: FlashCrowdResult): number =>
  Object.values(lostBecause).reduce((sum, n) => sum + n, 0);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Times a help request is sent again after its reused connection was reset before any answer. */
const RESENDS = 3;
/** How long a refused widget asks again before it gives up (the widget's own). */
const ASK_AGAIN_FOR_MS = 60_000;

export interface CrowdOptions {
  /** The server's settings for the run. */
  env?: Record<string, string>;
  /**
   * Refused users ask again as the widget does: after Retry-After, spread out, for up to a minute,
   * with the first refusal's ticket (or, to compare, without: as the widget did before tickets).
   * Without `askAgain`, a refused user is counted and gone.
   */
  askAgain?: 'with ticket' | 'without ticket';
}

/**
 * A flash crowd against the compiled server: `perSecond` users press help every second for
 * `seconds` (open loop, whatever the server's pace), each opens its socket and waits until told
 * its place, stays a few seconds and leaves. A few agents answer. The queue is read from the
 * floor during the crowd and must be in arrival order (request time).
 */
export async function measureFlashCrowd(
  perSecond: number,
  seconds: number,
  { env = {}, askAgain }: CrowdOptions = {},
): Promise<FlashCrowdResult> {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-crowd-'));
  const databasePath = join(dir, 'crowd.sqlite');
  const { server, url, emails } = await startLoadServer(databasePath, 20, {
    RATE_LIMITS: 'on',
    // Every simulated user comes from loopback: the per-address limit would refuse them all.
    HELP_REQUESTS_PER_ADDRESS_PER_MINUTE: String(10_000_000),
    HELP_REQUESTS_PER_TENANT_PER_MINUTE: String(perSecond * 70),
    ...env,
  });
  const sockets = new Set<WebSocket>();
  const http = new Agent({ keepAlive: true, maxSockets: 256 });
  const { hostname, port } = new URL(url);
  const result: FlashCrowdResult = {
    offeredPerS: perSecond,
    seconds,
    waitingPerS: Array.from({ length: seconds + 30 }, () => 0),
    refused: 0,
    lostBecause: { 'request failed': 0, 'other answer': 0, 'socket failed': 0, 'never told their place': 0 },
    failures: {},
    resent: 0,
    askedAgain: 0,
    pressToQueuedMs: [],
    pressToReplyMs: [],
    outOfOrder: 0,
    snapshots: 0,
    failedSnapshots: 0,
    cpuSeconds: { server: 0, generator: 0 },
    settledAfterS: 0,
  };
  const lost = (because: LostBecause) => {
    result.lostBecause[because]++;
  };
  const failed = (what: string, err: NodeJS.ErrnoException) => {
    const key = `${what}: ${err.code ?? err.message}`;
    result.failures[key] = (result.failures[key] ?? 0) + 1;
  };
  const pressHelp = (ticket?: string, attempt = 0): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ tenant: 'bench', context: {}, ...(ticket ? { ticket } : {}) });
      const req = request(
        {
          hostname,
          port,
          path: '/api/help-requests',
          method: 'POST',
          agent: http,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (req.reusedSocket && err.code === 'ECONNRESET' && attempt < RESENDS) {
          result.resent++;
          return resolve(pressHelp(ticket, attempt + 1));
        }
        failed(req.reusedSocket ? 'request on a reused connection' : 'request', err);
        reject(err);
      });
      req.end(body);
    });

  try {
    // Agents answer and talk for a second: the engine dispatches during the crowd.
    const supervisor = await postJson(url, '/api/agents/login', { email: emails[0], password: AGENT_PASSWORD });
    for (const email of emails) {
      const { token } = await postJson(url, '/api/agents/login', { email, password: AGENT_PASSWORD });
      const ws = await openClient(url, token, (frame) => {
        if (frame.type === 'offer.incoming') send(ws, { type: 'offer.accept', sessionId: frame.sessionId });
        if (frame.type === 'session.live')
          setTimeout(() => send(ws, { type: 'session.end', sessionId: frame.sessionId }), 1_000);
      });
      sockets.add(ws);
      send(ws, { type: 'agent.setStatus', status: 'available' });
    }

    const started = performance.now();
    const serverCpuAtStart = cpuSeconds(server.pid as number);
    const generatorCpuAtStart = process.cpuUsage();
    const pressTimes = new Map<string, { sent: number; answered: number }>();
    const user = async () => {
      const pressed = performance.now();
      /** When the first request was answered (taken, or refused with a ticket): the user's place. */
      let firstAnswered: number | undefined;
      let ticket: string | undefined;
      let reply: { status: number; body: string };
      for (;;) {
        try {
          reply = await pressHelp(askAgain === 'with ticket' ? ticket : undefined);
        } catch {
          return lost('request failed');
        }
        firstAnswered ??= performance.now();
        if (reply.status !== 429 || !reply.body.includes('rate_limited')) break;
        const again = 2_000 * (1 + Math.random());
        if (!askAgain || performance.now() + again - pressed > ASK_AGAIN_FOR_MS) {
          result.refused++;
          return;
        }
        ticket ??= (JSON.parse(reply.body) as { ticket?: string }).ticket;
        result.askedAgain++;
        await sleep(again);
      }
      if (reply.status !== 201) return lost('other answer');
      const { token, sessionId } = JSON.parse(reply.body) as { token: string; sessionId: string };
      pressTimes.set(sessionId, { sent: pressed, answered: firstAnswered });
      if (!ticket) result.pressToReplyMs.push(performance.now() - pressed);
      let queued = false;
      const ws = await openClient(url, token, (frame) => {
        if (queued || frame.type !== 'session.queued') return;
        queued = true;
        const now = performance.now();
        result.pressToQueuedMs.push(now - pressed);
        const second = Math.floor((now - started) / 1000);
        result.waitingPerS[second] = (result.waitingPerS[second] ?? 0) + 1;
      }).catch((err: NodeJS.ErrnoException) => {
        failed('socket', err);
        return null;
      });
      if (!ws) return lost('socket failed');
      sockets.add(ws);
      // Waits a few seconds (the queue stays about 5 s of arrivals long), then gives up.
      await sleep(3_000 + Math.random() * 4_000);
      if (!queued) lost('never told their place');
      send(ws, { type: 'session.cancel' });
      ws.close();
      sockets.delete(ws);
    };

    const users: Promise<void>[] = [];
    const floorChecks: Promise<void>[] = [];
    const TICK_MS = 10;
    const perTick = perSecond / (1000 / TICK_MS);
    let due = 0;
    for (let tick = 0; tick < (seconds * 1000) / TICK_MS; tick++) {
      const target = started + tick * TICK_MS;
      const wait = target - performance.now();
      if (wait > 0) await sleep(wait);
      due += perTick;
      for (; due >= 1; due--) users.push(user());
      if (tick % 500 === 250) floorChecks.push(checkOrder().catch(() => void result.failedSnapshots++));
    }
    // Users asking again are placed for up to a minute after the crowd: their order is read too.
    let everyoneSettled = false;
    const settling = Promise.all(users).then(() => {
      everyoneSettled = true;
    });
    while (askAgain && !everyoneSettled) {
      await Promise.race([settling, sleep(5_000)]);
      if (!everyoneSettled) floorChecks.push(checkOrder().catch(() => void result.failedSnapshots++));
    }
    await settling;
    const generatorCpu = process.cpuUsage(generatorCpuAtStart);
    result.cpuSeconds = {
      server: cpuSeconds(server.pid as number) - serverCpuAtStart,
      generator: (generatorCpu.user + generatorCpu.system) / 1e6,
    };
    result.settledAfterS = (performance.now() - started) / 1000;
    await Promise.all(floorChecks);
    return result;

    /**
     * Reads the queue from the floor. Two users are out of arrival order when the one behind had
     * its (first) help request answered, taken or refused, before the one ahead had even sent theirs.
     */
    async function checkOrder(): Promise<void> {
      const res = await fetch(`${url}/api/floor`, { headers: { authorization: `Bearer ${supervisor.token}` } });
      const floor = (await res.json()) as { waiting: { sessionId: string }[] };
      let earliestAnswerBehind = Number.POSITIVE_INFINITY;
      for (const { sessionId } of [...floor.waiting].reverse()) {
        const times = pressTimes.get(sessionId);
        if (!times) continue;
        if (times.sent > earliestAnswerBehind) {
          result.outOfOrder++;
          break;
        }
        earliestAnswerBehind = Math.min(earliestAnswerBehind, times.answered);
      }
      result.snapshots++;
    }
  } finally {
    for (const ws of sockets) ws.terminate();
    http.destroy();
    // Stopped as a deploy would when profiled (a `PROFILE_DIR` profile is written on exit).
    await (process.env.PROFILE_DIR ? stopGracefully(server) : killHard(server));
    rmSync(dir, { recursive: true, force: true });
  }
}
