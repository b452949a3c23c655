import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { startHeartbeat } from './heartbeat.js';

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
