import { Worker } from 'node:worker_threads';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { claimFile } from './fileClaim.js';
import type { WorkerReply, WorkerRequest } from './sqliteWorkerProtocol.js';

/** SQLite run on a thread of its own (`sqliteWorker`), behind Kysely's SQLite dialect. */
export class SqliteWorkerDialect implements Dialect {
  constructor(private readonly path: string) {}
  createDriver(): Driver {
    return new SqliteWorkerDriver(this.path);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db);
  }
}

/** The thread's script: the compiled one beside the server's bundle, or the TypeScript source. */
function startWorker(path: string): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  if (!fromSource) return new Worker(new URL('./sqliteWorker.js', import.meta.url), { workerData: { path } });
  // Run from source (tests, `pnpm dev`): the thread needs the TypeScript loader registered first.
  const entry = JSON.stringify(new URL('./sqliteWorker.ts', import.meta.url).href);
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}); })`;
  return new Worker(boot, { eval: true, workerData: { path } });
}

class SqliteWorkerDriver implements Driver {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, (reply: WorkerReply) => void>();
  private lastId = 0;
  private release: () => void = () => undefined;
  private readonly connection: DatabaseConnection = {
    executeQuery: <R>(query: CompiledQuery) => this.execute<R>(query.sql, query.parameters),
    // biome-ignore lint/correctness/useYield: streaming is not offered; the error says so.
    streamQuery: async function* () {
      throw new Error('streaming queries are not supported on SQLite here');
    },
  };

  constructor(private readonly path: string) {}

  async init(): Promise<void> {
    const onDisk = this.path !== ':memory:';
    // Claimed on this thread: one open per process, and the refusal reads the same as before.
    this.release = onDisk ? claimFile(this.path) : () => undefined;
    const worker = startWorker(this.path);
    this.worker = worker;
    worker.on('message', (reply: WorkerReply) => this.settle(reply));
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) => {
      // Whatever is asked from now on fails at once, as on a closed file, rather than waiting.
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error(`the SQLite thread stopped (exit code ${code})`));
    });
    worker.unref();
    try {
      await this.send(0, null, []);
    } catch (err) {
      await this.destroy();
      throw err;
    }
  }

  acquireConnection(): Promise<DatabaseConnection> {
    return Promise.resolve(this.connection);
  }
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    const worker = this.worker;
    if (worker) {
      await this.execute(null, []).catch(() => undefined);
      this.worker = undefined;
      await worker.terminate();
    }
    this.release();
    this.release = () => undefined;
  }

  private async execute<R>(sql: string | null, parameters: readonly unknown[]): Promise<QueryResult<R>> {
    const reply = await this.send(++this.lastId, sql, parameters);
    return {
      rows: (reply.rows ?? []) as R[],
      ...(reply.changes === undefined ? {} : { numAffectedRows: BigInt(reply.changes) }),
      ...(reply.lastInsertRowid === undefined ? {} : { insertId: reply.lastInsertRowid }),
    };
  }

  /** Posts a statement (id 0: waits for the open) and resolves with its reply. */
  private send(id: number, sql: string | null, parameters: readonly unknown[]): Promise<WorkerReply> {
    const worker = this.worker;
    if (!worker && id !== 0) return Promise.reject(new Error('the SQLite file is closed'));
    return new Promise((resolve, reject) => {
      // While a statement is out, the thread keeps the process alive; idle, it does not.
      if (this.waiting.size === 0) worker?.ref();
      this.waiting.set(id, (reply) => {
        if (reply.error) reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
        else resolve(reply);
      });
      if (id !== 0) worker?.postMessage({ id, sql, parameters } satisfies WorkerRequest);
    });
  }

  private settle(reply: WorkerReply): void {
    const done = this.waiting.get(reply.id);
    if (!done) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker?.unref();
    done(reply);
  }

  private failAll(err: Error): void {
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const done of waiting) done({ id: -1, error: { message: err.message } });
  }
}
