import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, expect, test, vi } from 'vitest';
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws';
import { CloseCode } from './closeCodes.js';
import { ReconnectingSocket, type SocketState } from './reconnectingSocket.js';
import { backoffPolicy } from './reconnectPolicy.js';

// Node 20 has no global WebSocket; ws speaks the same browser-style API the socket uses.
beforeAll(() => {
  (globalThis as { WebSocket?: unknown }).WebSocket ??= NodeWebSocket;
});

const servers: WebSocketServer[] = [];
const sockets: Array<ReconnectingSocket<unknown, unknown>> = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
  for (const s of servers.splice(0)) s.close();
});

/** A real WebSocket server that records what it receives and hands the test each connection. */
async function server() {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  servers.push(wss);
  await new Promise((r) => wss.once('listening', r));
  const received: string[] = [];
  const connections: NodeWebSocket[] = [];
  wss.on('connection', (ws) => {
    connections.push(ws);
    ws.on('message', (data) => received.push(String(data)));
  });
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, received, connections };
}

function open(
  url: string,
  options: { deadline?: number; whenDown?: (socket: ReconnectingSocket<unknown, unknown>) => void } = {},
) {
  const states: SocketState[] = [];
  const messages: unknown[] = [];
  const socket = new ReconnectingSocket<unknown, unknown>({
    url: () => url,
    parse: (raw) => JSON.parse(raw),
    onMessage: (m) => messages.push(m),
    onState: (s) => {
      states.push(s);
      if (s.kind === 'reconnecting') options.whenDown?.(socket);
    },
    finalCodes: [CloseCode.SignedOut],
    policy: backoffPolicy(() => options.deadline ?? Number.POSITIVE_INFINITY),
    queueWhileDown: true,
  });
  sockets.push(socket);
  return { socket, states, messages, kinds: () => states.map((s) => s.kind) };
}

test('a dropped socket comes back by itself; frames sent meanwhile arrive after, in order', async () => {
  const srv = await server();
  // Frames sent while the socket is down wait for it (sent when it reports the drop).
  const sentWhileDown: boolean[] = [];
  const client = open(srv.url, {
    whenDown: (socket) => sentWhileDown.push(socket.send({ n: 1 }), socket.send({ n: 2 })),
  });
  await vi.waitFor(() => expect(client.kinds()).toEqual(['open']));
  srv.connections[0]?.close(1011, 'going down');
  await vi.waitFor(() => expect(client.kinds()).toEqual(['open', 'reconnecting', 'open']));
  expect(sentWhileDown).toEqual([false, false]);
  expect(client.states[1]).toMatchObject({ kind: 'reconnecting', attempt: 1 });
  await vi.waitFor(() => expect(srv.received).toEqual(['{"n":1}', '{"n":2}']));
  srv.connections[1]?.send('{"hello":true}');
  await vi.waitFor(() => expect(client.messages).toEqual([{ hello: true }]));
});

test('a final close code ends it: no retry, and the state says why', async () => {
  const srv = await server();
  const client = open(srv.url);
  await vi.waitFor(() => expect(client.kinds()).toEqual(['open']));
  srv.connections[0]?.close(CloseCode.SignedOut, 'signed out');
  await vi.waitFor(() => expect(client.states.at(-1)).toEqual({ kind: 'closed', reason: 'final', code: 4401 }));
  await new Promise((r) => setTimeout(r, 400));
  expect(srv.connections).toHaveLength(1);
  expect(client.socket.send({ late: true })).toBe(false);
});

test('a server restart (1012) brings everyone back within a moment, and a deadline gives up', async () => {
  const srv = await server();
  const client = open(srv.url);
  await vi.waitFor(() => expect(client.kinds()).toEqual(['open']));
  srv.connections[0]?.close(CloseCode.ServiceRestart, 'restarting');
  await vi.waitFor(() => expect(srv.connections).toHaveLength(2));
  expect(client.states[1]).toMatchObject({ kind: 'reconnecting', attempt: 1 });
  expect((client.states[1] as { retryInMs: number }).retryInMs).toBeLessThanOrEqual(300);

  // Nothing listens any more and the token's deadline has passed: it gives up.
  const gone = open('ws://127.0.0.1:9', { deadline: Date.now() - 1 });
  await vi.waitFor(() => expect(gone.states.at(-1)).toMatchObject({ kind: 'closed', reason: 'gave_up' }));
});

test('the backoff grows from an immediate retry to about 5 s, never past it, with jitter', () => {
  const policy = backoffPolicy();
  const delays = [0, 1, 2, 3, 4, 5, 9].map((retryCount) => policy.nextRetryDelayInMs({ retryCount, closeCode: 1006 }));
  expect(delays[0]).toBe(0);
  expect(delays[1]).toBeGreaterThanOrEqual(240);
  expect(delays[1]).toBeLessThanOrEqual(360);
  for (const d of delays.slice(5)) {
    expect(d).toBeGreaterThanOrEqual(4_000);
    expect(d).toBeLessThanOrEqual(6_000);
  }
});
