import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The compiled server, exactly what production runs (`pnpm build` makes it).
const MAIN = fileURLToPath(new URL('../../signaling-server/dist/main.js', import.meta.url));

export { freePort } from '@lifeline/signaling-server/testing/freePort';

/**
 * Starts the real server as its own process and resolves once /healthz answers. For digging
 * into a run: `NODE_LOGS=1` shows the server's log, `PROFILE_DIR=<folder>` writes a CPU profile
 * of each process that stops gracefully.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ChildProcess> {
  // Node itself, no wrapper: SIGKILL and SIGTERM must reach the server.
  const child = spawn(
    process.execPath,
    [...(process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : []), MAIN],
    {
      cwd: fileURLToPath(new URL('../../signaling-server', import.meta.url)),
      // Specs take call after call: no wrap-up time unless a spec sets one.
      env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', DEMO: 'true', WRAP_UP_MS: '0', ...env },
      stdio: ['ignore', process.env.NODE_LOGS ? 'inherit' : 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${env.PORT}/healthz`;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** SIGTERM, as a deploy or `docker stop` sends it; resolves once the process has exited. */
export function stopGracefully(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A process's resident memory in bytes, as the kernel counts it (Linux). */
export function residentBytes(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) * 1024;
}

/**
 * The CPU time a process has used so far, every thread of it, in seconds (Linux: user and system
 * time from /proc, in the kernel's clock ticks, 100 a second).
 */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The process that started this one (Linux, from /proc). */
export function parentPid(pid: number): number {
  return Number(statFields(pid)[1]);
}

/** The fields of /proc/<pid>/stat after the command's name, which is in brackets and may hold spaces. */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}
