import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './process.js';

/**
 * A real coturn (Debian's `turnserver`) on loopback, with the TURN REST shared secret
 * (`use-auth-secret`) the signaling server mints credentials from. Resolves once it listens.
 */
export async function startCoturn(
  secret: string,
): Promise<{ url: string; log: string[]; logFile: () => string; stop(): void }> {
  const port = await freePort();
  const logPath = join(tmpdir(), `lifeline-coturn-${port}.log`);
  const relayBase = 40_000 + (port % 10_000);
  const child: ChildProcess = spawn(
    'turnserver',
    [
      '-n',
      '--listening-ip=127.0.0.1',
      `--listening-port=${port}`,
      '--relay-ip=127.0.0.1',
      `--min-port=${relayBase}`,
      `--max-port=${relayBase + 200}`,
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      '--realm=lifeline.test',
      '--no-tls',
      '--no-dtls',
      '--no-cli',
      '--allow-loopback-peers',
      '--fingerprint',
      `--log-file=${logPath}`,
      '--simple-log',
      '--verbose',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  const logFile = () => (existsSync(logPath) ? readFileSync(logPath, 'utf8') : '');
  const deadline = Date.now() + 10_000;
  // Its last start-up line; the UDP listener is bound just after.
  while (!/Total General servers/.test(logFile())) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`coturn did not start:\n${log.join('')}${logFile()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    log,
    /** What coturn wrote to its log file so far (its stdout is block-buffered). */
    logFile,
    stop: () => child.kill('SIGKILL'),
  };
}
