import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TestClient } from '@lifeline/signaling-server/testing/wsClient';
import { postJson } from '../support/loadServer.js';

/**
 * Users waiting in the queue, from a process of their own: as on the internet, where each user's
 * browser reads its own position updates. Read in the process that times the agents' consoles,
 * thousands of users' frames would hold up the console's frames there and be counted as the
 * server's delay.
 */
export async function startWaitingCrowd(url: string, users: number, dropped = 0): Promise<{ stop(): Promise<void> }> {
  const child = fork(fileURLToPath(import.meta.url), [url, String(users), String(dropped)], {
    execArgv: process.execArgv, // tsx's loader, as this process runs
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the waiting crowd exited with ${code}`)));
  });
  return { stop: () => stopCrowd(child) };
}

function stopCrowd(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/**
 * In the forked process: ask for help `users` times, connect each, then say so and keep reading.
 * The last `dropped` lose their connection once signed in, as phones on the move do: they keep
 * their place in line for the server's reconnect grace, holding no socket.
 */
async function runCrowd(url: string, users: number, dropped: number): Promise<void> {
  for (let i = 0; i < users; i++) {
    const { token } = await postJson(url, '/api/help-requests', { tenant: 'bench' });
    const user = await TestClient.connect(url, token);
    user.ws.removeAllListeners('message'); // frames are read and dropped: memory stays flat
    if (i >= users - dropped) user.ws.terminate();
  }
  process.send?.('ready');
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  const [url, users, dropped] = process.argv.slice(2);
  await runCrowd(url as string, Number(users), Number(dropped));
}
