import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { until } from '../testing/until.js';
import { PINGS_PER_SLICE, startHeartbeat } from './heartbeat.js';

const INTERVAL_MS = 100;
let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const step of cleanup) step();
  cleanup = [];
});

async function serverWithHeartbeat(): Promise<string> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => wss.once('listening', resolve));
  const stop = startHeartbeat(wss, () => wss.clients, INTERVAL_MS);
  cleanup.push(stop, () => wss.close());
  return `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
}

async function connect(url: string, answersPings: boolean): Promise<WebSocket> {
  const ws = new WebSocket(url, { autoPong: answersPings });
  cleanup.push(() => ws.terminate());
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return ws;
}

const closedWithin = (ws: WebSocket, ms: number) =>
  new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

test('a socket that stops answering pings is cut off after a missed round; one that answers stays', async () => {
  const url = await serverWithHeartbeat();
  const answering = await connect(url, true);
  const silent = await connect(url, false);
  let pingsAnswered = 0;
  answering.on('ping', () => pingsAnswered++);

  // Pinged on the first round, found unanswered on the second: gone within about two intervals.
  expect(await closedWithin(silent, INTERVAL_MS * 6)).toBe(true);
  // Several rounds later the answering socket is still open and was pinged each round.
  expect(await closedWithin(answering, INTERVAL_MS * 5)).toBe(false);
  expect(answering.readyState).toBe(WebSocket.OPEN);
  expect(pingsAnswered).toBeGreaterThanOrEqual(5);
});

test('a round over thousands of sockets pings them in slices, the event loop turning between slices, each socket once', async () => {
  // The loop's turns, counted by a task that queues itself again each turn, as offers and call
  // frames would be queued between slices.
  let turns = 0;
  let counting = true;
  const count = () => {
    turns++;
    if (counting) setImmediate(count);
  };
  setImmediate(count);
  cleanup.push(() => {
    counting = false;
  });
  const users = 4 * PINGS_PER_SLICE + 7;
  const pingedAtTurn: number[][] = Array.from({ length: users }, () => []);
  const sockets = pingedAtTurn.map(
    (pings) => ({ ping: () => pings.push(turns), terminate: () => undefined }) as unknown as WebSocket,
  );
  const intervalMs = 1_000; // the next round far off: the first is looked at before it starts
  cleanup.push(startHeartbeat(new EventEmitter() as unknown as WebSocketServer, () => sockets, intervalMs));

  await until(() => pingedAtTurn.every((pings) => pings.length > 0));
  expect(pingedAtTurn.every((pings) => pings.length === 1)).toBe(true);
  const firstRound = pingedAtTurn.map((pings) => pings[0]);
  // Sliced: the round spans five turns of the loop, no more than a slice pinged in any one turn.
  const perTurn = new Map<number, number>();
  for (const turn of firstRound) perTurn.set(turn as number, (perTurn.get(turn as number) ?? 0) + 1);
  expect(perTurn.size).toBe(5);
  expect(Math.max(...perTurn.values())).toBe(PINGS_PER_SLICE);
});

test('a socket that signs in mid-round, moving to the list walked later, is pinged once and kept', async () => {
  const signingIn = new Set<WebSocket>();
  const signedIn = new Set<WebSocket>();
  const pings = new Map<WebSocket, number>();
  const cut: WebSocket[] = [];
  const fake = (onPing: (ws: WebSocket) => void = () => undefined) => {
    const ws = {
      ping: () => {
        pings.set(ws, (pings.get(ws) ?? 0) + 1);
        onPing(ws);
      },
      terminate: () => cut.push(ws),
    } as unknown as WebSocket;
    return ws;
  };
  // Pinged while signing in, then signed in before its pong is back (this one never answers).
  const newcomer = fake((ws) => {
    signingIn.delete(ws);
    signedIn.add(ws);
  });
  signingIn.add(newcomer);
  for (let i = 0; i < 3 * PINGS_PER_SLICE; i++) signedIn.add(fake());
  const everySocket = function* () {
    yield* signingIn;
    yield* signedIn;
  };
  cleanup.push(startHeartbeat(new EventEmitter() as unknown as WebSocketServer, everySocket, 1_000));

  await until(() => pings.size === signedIn.size);
  await new Promise((resolve) => setImmediate(resolve)); // the round's last slice done
  expect(pings.get(newcomer)).toBe(1);
  expect(cut).toEqual([]);
});
