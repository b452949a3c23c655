import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { openClient } from '../soak/lightClient.js';
import { postJson, startLoadServer } from '../support/loadServer.js';
import { freePort, killHard, residentBytes } from '../support/process.js';

/** Resident bytes per connection: from a warm process to `users`, and over the second half alone. */
export interface PerConnection {
  /** (resident at `users` − resident after the first hundred) / `users`. */
  average: number;
  /**
   * (resident at `users` − resident at `users`/2) / (`users`/2): what one more connection costs,
   * without the process's one-off growth (its young generation, its tables) that the average
   * spreads over every connection.
   */
  marginal: number;
}

export interface WaitingMemory {
  /** Resident memory the server gained per waiting user (help request, socket, place in the queue). */
  lifeline: PerConnection;
  /** The same for a bare `ws` server that only holds the sockets open: the baseline. */
  bareWs: PerConnection;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Server memory per waiting user against a bare `ws` socket, both measured the same way: the
 * resident memory the process gains from `users` connections, each reading taken right after a
 * full garbage collection (asked for over the inspector), so what is counted is what is kept.
 * `env` is given to both processes alike (the allocator's settings).
 */
export async function measureWaitingMemory(users: number, env: Record<string, string> = {}): Promise<WaitingMemory> {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-memory-'));
  const lifelineInspector = await freePort();
  const { server, url } = await startLoadServer(join(dir, 'memory.sqlite'), 0, {
    ...env,
    NODE_OPTIONS: `--inspect=127.0.0.1:${lifelineInspector}`,
  });
  let lifeline: PerConnection;
  try {
    lifeline = await gained(server, lifelineInspector, users, async (sockets) => {
      const { token } = await postJson(url, '/api/help-requests', { tenant: 'bench' });
      sockets.push(await openClient(url, token, () => undefined));
    });
  } finally {
    await killHard(server);
    rmSync(dir, { recursive: true, force: true });
  }
  const port = await freePort();
  const bareInspector = await freePort();
  const bare = await startBareWsServer(port, bareInspector, env);
  try {
    const bareWs = await gained(bare, bareInspector, users, async (sockets) => {
      sockets.push(await openClient(`http://127.0.0.1:${port}`, 'bare', () => undefined));
    });
    return { lifeline, bareWs };
  } finally {
    await killHard(bare);
  }
}

/** Resident bytes `process` gains per connection while `connect` opens `count` of them. */
async function gained(
  process: ChildProcess,
  inspectorPort: number,
  count: number,
  connect: (sockets: WebSocket[]) => Promise<void>,
): Promise<PerConnection> {
  const pid = process.pid as number;
  const sockets: WebSocket[] = [];
  // A first hundred warms the code paths and buffers, so the baseline is not the cold process.
  for (let i = 0; i < 100; i++) await connect(sockets);
  await collectGarbage(inspectorPort);
  const before = residentBytes(pid);
  const inFlight = 32;
  const open = (from: number, to: number) =>
    Promise.all(
      Array.from({ length: inFlight }, async (_, lane) => {
        for (let i = from + lane; i < to; i += inFlight) await connect(sockets);
      }),
    );
  const half = Math.floor(count / 2);
  await open(0, half);
  await collectGarbage(inspectorPort);
  const middle = residentBytes(pid);
  await open(half, count);
  await collectGarbage(inspectorPort);
  const after = residentBytes(pid);
  for (const ws of sockets) ws.terminate();
  return { average: (after - before) / count, marginal: (after - middle) / (count - half) };
}

/** The baseline: a `ws` server holding sockets open, answering the first frame as ours does. */
async function startBareWsServer(
  port: number,
  inspectorPort: number,
  env: Record<string, string>,
): Promise<ChildProcess> {
  const wsPath = createRequire(import.meta.url).resolve('ws');
  const script = `
    const { WebSocketServer } = require(${JSON.stringify(wsPath)});
    const wss = new WebSocketServer({ port: ${port}, host: '127.0.0.1' });
    wss.on('connection', (ws) => ws.once('message', () => ws.send('{"type":"auth.ok"}')));
    wss.on('listening', () => console.log('listening'));`;
  const child = spawn(process.execPath, [`--inspect=127.0.0.1:${inspectorPort}`, '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`bare ws server exited with ${code}`)));
  });
  return child;
}

/** A full, synchronous garbage collection in another Node process, through its inspector. */
async function collectGarbage(inspectorPort: number): Promise<void> {
  const [target] = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as Array<{
    webSocketDebuggerUrl: string;
  }>;
  const inspector = new WebSocket(target?.webSocketDebuggerUrl as string);
  await new Promise((resolve, reject) => inspector.once('open', resolve).once('error', reject));
  for (let id = 1; id <= 2; id++) {
    inspector.send(JSON.stringify({ id, method: 'HeapProfiler.collectGarbage' }));
    await new Promise((resolve) => inspector.once('message', resolve));
  }
  inspector.close();
  await sleep(1_000);
}
