import { createServer, get } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { closeAcceptLanes, openAcceptLanes } from './acceptLanes.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** An HTTP server on a free port with `lanes` accept lanes; counts the connections it is handed. */
async function serve(lanes: number) {
  const server = createServer((_req, res) => res.end('ok'));
  const stats = { connections: 0 };
  server.on('connection', () => stats.connections++);
  server.listen({ port: 0, host: '127.0.0.1', backlog: 1_024 });
  await new Promise((resolve) => server.once('listening', resolve));
  const opened = await openAcceptLanes(server, lanes, 1_024);
  const port = (server.address() as { port: number }).port;
  cleanups.push(() => {
    closeAcceptLanes(opened);
    server.closeAllConnections();
    server.close();
  });
  return { server, opened, port, stats };
}

/**
 * Opens `count` connections at once, then keeps the event loop busy for `turns` turns of about
 * 5 ms (as a loaded node's are), and says how many connections each turn took.
 */
async function connectionsPerTurn(port: number, stats: { connections: number }, count: number, turns: number) {
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i++) sockets.push(connect(port, '127.0.0.1').on('error', () => undefined));
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
  });
  // Let the kernel finish the handshakes so every connection waits in the accept queue.
  await Promise.all(sockets.map((s) => new Promise((resolve) => s.once('connect', resolve))));
  const perTurn: number[] = [];
  let seen = stats.connections;
  for (let turn = 0; turn < turns; turn++) {
    const busyUntil = performance.now() + 5;
    while (performance.now() < busyUntil) {}
    await new Promise((resolve) => setImmediate(resolve));
    perTurn.push(stats.connections - seen);
    seen = stats.connections;
  }
  return perTurn;
}

test('with four lanes a turn of the event loop takes up to four waiting connections; with one, one', async () => {
  const one = await serve(1);
  expect(one.opened).toHaveLength(0);
  const oneLane = await connectionsPerTurn(one.port, one.stats, 40, 10);
  expect(Math.max(...oneLane)).toBe(1);

  const four = await serve(4);
  expect(four.opened).toHaveLength(3);
  const fourLanes = await connectionsPerTurn(four.port, four.stats, 40, 10);
  expect(Math.max(...fourLanes)).toBe(4);
  expect(fourLanes.reduce((a, b) => a + b, 0)).toBeGreaterThan(oneLane.reduce((a, b) => a + b, 0));
});

test('a connection taken on any lane is served by the one HTTP server, and closing the lanes frees the port', async () => {
  const { server, opened, port } = await serve(4);
  const answers = await Promise.all(
    Array.from(
      { length: 40 },
      () =>
        new Promise<string>((resolve, reject) => {
          get({ port, host: '127.0.0.1', path: '/', agent: false }, (res) => {
            let body = '';
            res.on('data', (chunk) => {
              body += chunk;
            });
            res.on('end', () => resolve(body));
          }).on('error', reject);
        }),
    ),
  );
  expect(answers.every((a) => a === 'ok')).toBe(true);

  closeAcceptLanes(opened);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  // No copy of the listening socket is left open: the port refuses connections.
  const refused = await new Promise<string>((resolve) => {
    connect(port, '127.0.0.1')
      .once('connect', () => resolve('connected'))
      .once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
  });
  expect(refused).toBe('ECONNREFUSED');
});
