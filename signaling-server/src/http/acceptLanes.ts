import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';

/**
 * Hands every handle it is sent straight back, `lanes` times, and waits to be stopped (`on`, not
 * `once`: with no listener left, its channel would stop holding it open). A handle passed between
 * processes arrives on a copy of its file descriptor: Node has no dup() of its own. Sent raw (not
 * as a server), it is never listened on here, so nothing is accepted on the way.
 */
const ECHO = `process.on('message', (lanes, handle) => {
  for (let i = 0; i < lanes; i++) process.send('lane', handle);
});`;

/** A node that cannot make its lanes in this long starts with one. */
const TIMEOUT_MS = 5_000;

/**
 * Accept lanes: more connections taken from the kernel's queue in each turn of the event loop.
 * Node 20's libuv takes one connection per listening handle per turn. In a flash crowd every
 * user opens a socket (and a browser often a connection for the help request too), so a node
 * whose turns last a few milliseconds took only a few hundred users a second, with cores to
 * spare, while thousands waited in the accept queue: measured, users placed a second equalled
 * the loop's turns a second. Each lane is another handle on a copy of the same listening socket
 * (one queue in the kernel, as cluster's workers share it), so a turn takes one per lane, and
 * every connection goes to the same HTTP server. Made with a short-lived child process, since a
 * descriptor is copied only by passing it to another process.
 */
export async function openAcceptLanes(server: HttpServer, lanes: number, backlog: number): Promise<Server[]> {
  // Windows passes listening sockets between processes differently; one lane there.
  if (lanes <= 1 || process.platform === 'win32') return [];
  // `_handle` is the listening TCP handle: net.Server.listen takes one, and it crosses processes as is.
  const handle = (server as unknown as { _handle: object })._handle;
  const echo = spawn(process.execPath, ['-e', ECHO], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const copies: object[] = [];
  const received = new Promise<void>((resolve, reject) => {
    echo.on('message', (_lane, copy) => {
      copies.push(copy as object);
      if (copies.length === lanes - 1) resolve();
    });
    echo.once('error', reject);
    echo.once('exit', () => reject(new Error(`the lanes' helper left after ${copies.length} of ${lanes - 1}`)));
  });
  echo.send(lanes - 1, handle as Parameters<typeof echo.send>[1]);
  const timeout = setTimeout(() => echo.kill(), TIMEOUT_MS);
  try {
    await received;
  } catch (err) {
    // Copies already here would hold the port open after the server closes.
    for (const copy of copies) (copy as { close(): void }).close();
    throw err;
  } finally {
    clearTimeout(timeout);
    echo.kill();
  }
  return Promise.all(
    copies.map(async (copy) => {
      const lane = createServer((socket) => server.emit('connection', socket));
      lane.listen(copy, backlog);
      await once(lane, 'listening');
      return lane;
    }),
  );
}

/** Stops taking connections on every lane (those taken stay the HTTP server's). */
export function closeAcceptLanes(lanes: readonly Server[]): void {
  for (const lane of lanes) lane.close();
}
