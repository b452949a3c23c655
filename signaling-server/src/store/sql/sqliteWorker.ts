import { parentPort, workerData } from 'node:worker_threads';
import { sqliteDatabase } from './sqliteAdapter.js';
import type { WorkerReply, WorkerRequest } from './sqliteWorkerProtocol.js';

/**
 * The SQLite file's own thread: statements run here, one at a time in the order sent, so the
 * WebAssembly engine and its writes to disk (a quarter of the main thread's time in a flash
 * crowd) never hold up sockets, offers or help requests.
 */
const port = parentPort;
if (!port) throw new Error('sqliteWorker runs as a worker thread');
const { path } = workerData as { path: string };

let db: ReturnType<typeof sqliteDatabase> | undefined;
try {
  db = sqliteDatabase(path);
  port.postMessage({ id: 0, rows: [] } satisfies WorkerReply);
} catch (err) {
  port.postMessage({ id: 0, error: describe(err) } satisfies WorkerReply);
}

port.on('message', ({ id, sql, parameters }: WorkerRequest) => {
  if (sql === null) {
    db?.close();
    db = undefined;
    port.postMessage({ id, rows: [] } satisfies WorkerReply);
    return;
  }
  try {
    if (!db) throw new Error('the SQLite file is closed');
    const statement = db.prepare(sql);
    if (statement.reader) {
      port.postMessage({ id, rows: statement.all(parameters) as unknown[] } satisfies WorkerReply);
    } else {
      const { changes, lastInsertRowid } = statement.run(parameters);
      port.postMessage({
        id,
        rows: [],
        changes: changes == null ? undefined : Number(changes),
        lastInsertRowid: lastInsertRowid == null ? undefined : BigInt(lastInsertRowid),
      } satisfies WorkerReply);
    }
  } catch (err) {
    port.postMessage({ id, error: describe(err) } satisfies WorkerReply);
  }
});

function describe(err: unknown): { message: string; code?: string } {
  const e = err as { message?: unknown; code?: unknown };
  return {
    message: typeof e?.message === 'string' ? e.message : String(err),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
  };
}
