import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/** Files this process has open now: a second connection would bypass the exclusive lock. */
const openHere = new Set<string>();

/** The lock node-sqlite3-wasm takes is a directory beside the file; our pid goes beside it. */
const lockOf = (path: string) => `${path}.lock`;
const ownerOf = (path: string) => `${path}.owner`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One server per SQLite file. The file is held with an exclusive lock for as long as it is open
 * (so its write-ahead log needs no shared memory), and a process killed with SIGKILL leaves that
 * lock behind: it is cleared when the process that took it is gone, and a file still held by a
 * live process is refused with a clear message rather than waited on.
 */
export function claimFile(path: string): () => void {
  if (openHere.has(path)) throw new Error(`${path} is already open in this process`);
  if (existsSync(lockOf(path))) {
    const owner = existsSync(ownerOf(path)) ? Number(readFileSync(ownerOf(path), 'utf8')) : 0;
    if (owner && owner !== process.pid && alive(owner))
      throw new Error(`${path} is in use by another Lifeline server (process ${owner})`);
    rmSync(lockOf(path), { recursive: true, force: true }); // left by a process that is gone
  }
  openHere.add(path);
  return () => {
    openHere.delete(path);
    rmSync(ownerOf(path), { force: true });
  };
}

/** Called once the lock is taken: who holds it. */
export function markOwner(path: string): void {
  writeFileSync(ownerOf(path), String(process.pid));
}
