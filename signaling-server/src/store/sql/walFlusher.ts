import { type FileHandle, open } from 'node:fs/promises';

/** How often the log's new pages are handed to the disk, off the event loop. */
const FLUSH_EVERY_MS = 100;

/**
 * Flushes SQLite's write-ahead log to disk every `everyMs`, on libuv's thread pool. A checkpoint
 * runs inside a commit, on the event loop, and starts by flushing the log: with 40 MB of log
 * written since the last one that flush took ~100 ms, and every offer and accept due meanwhile
 * waited (the dispatch tail at 20,000 waiting). Flushed as it grows, the log is already on disk
 * when the checkpoint comes. A flush reaches the file whichever descriptor asks for it, so this
 * holds its own; SQLite never waits for it.
 */
export function flushWalInBackground(databasePath: string, everyMs = FLUSH_EVERY_MS): { stop(): void } {
  const walPath = `${databasePath}-wal`;
  let wal: FileHandle | undefined;
  let flushing: Promise<void> | undefined;

  const flush = async () => {
    // The log is created by the first write: until then there is nothing to flush.
    wal ??= await open(walPath, 'r').catch(() => undefined);
    await wal?.datasync();
  };
  const timer = setInterval(() => {
    flushing ??= flush()
      .catch(() => undefined) // the checkpoint's own flush still runs: this one only saves it time
      .finally(() => {
        flushing = undefined;
      });
  }, everyMs).unref();

  return {
    stop() {
      clearInterval(timer);
      // SQLite closes synchronously; the descriptor goes once a flush under way has ended.
      void (flushing ?? Promise.resolve()).then(() => wal?.close());
    },
  };
}
