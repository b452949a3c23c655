import type { SqliteDatabase, SqliteStatement } from 'kysely';
import sqlite from 'node-sqlite3-wasm';
import { claimFile, markOwner } from './fileClaim.js';
import { flushWalInBackground } from './walFlusher.js';

/** Statements that hand back rows; everything else is run for its effect. */
const READER = /^\s*(select|with|pragma|values)\b|\breturning\b/i;
/**
 * Prepared statements kept for reuse, the least recently used finalized beyond this many: the
 * server runs a few dozen shapes of SQL, and preparing each anew was a fifth of SQLite's time.
 */
const STATEMENTS_KEPT = 128;

/**
 * node-sqlite3-wasm (pure WebAssembly: nothing to compile, installs anywhere) behind the
 * interface Kysely's SQLite dialect expects, one connection per file. Statements are prepared
 * once and kept (a bounded number, finalized when dropped or on close), so no WebAssembly memory
 * is left behind.
 */
export function sqliteDatabase(path: string): SqliteDatabase {
  const onDisk = path !== ':memory:';
  const release = onDisk ? claimFile(path) : () => undefined;
  const db = new sqlite.Database(path);
  db.exec('pragma foreign_keys = on');
  // A write-ahead log, held exclusively by this one process (the WebAssembly build has no shared
  // memory for readers in other processes). A commit appends to the log and is not flushed to
  // disk: it survives the process being killed, since the kernel has it; a power loss can take
  // the last moments but never corrupts the file. With a flush per commit (the rollback journal),
  // commits were the server's main cost in a flash crowd. PostgreSQL is the store for more.
  db.exec('pragma locking_mode = exclusive');
  db.exec('pragma journal_mode = wal');
  db.exec('pragma synchronous = normal');
  // Checkpoints (the only flushes) every ~40 MB of log rather than 4 MB: a session's row changes
  // several times in its first seconds, and one checkpoint then writes it once. In a flash crowd
  // this cut the time spent flushing to a third.
  db.exec('pragma wal_autocheckpoint = 10000');
  if (onDisk) markOwner(path);
  // A checkpoint's first step is to flush that log, on the event loop: keep it flushed meanwhile.
  const walFlusher = onDisk ? flushWalInBackground(path) : undefined;
  const statements = new StatementCache(db, STATEMENTS_KEPT);
  return {
    close: () => {
      walFlusher?.stop();
      statements.clear();
      if (db.isOpen) db.close();
      release();
    },
    prepare(sql: string): SqliteStatement {
      type Values = Parameters<typeof db.all>[1];
      const values = (parameters: ReadonlyArray<unknown>) => parameters.map(bindable) as Values;
      return {
        reader: READER.test(sql),
        all: (parameters) => statements.use(sql, (statement) => statement.all(values(parameters))),
        run: (parameters) => statements.use(sql, (statement) => statement.run(values(parameters))),
        iterate: (parameters) =>
          statements.use(sql, (statement) => statement.all(values(parameters)))[Symbol.iterator](),
      };
    },
  };
}

type Statement = ReturnType<sqlite.Database['prepare']>;

/** Prepared statements by their SQL, least recently used first (a Map keeps insertion order). */
class StatementCache {
  private readonly kept = new Map<string, Statement>();

  constructor(
    private readonly db: sqlite.Database,
    private readonly limit: number,
  ) {}

  /**
   * Runs `work` with the statement for `sql`. One that failed is finalized, not kept: SQLite
   * would report the same error again when it is next reset.
   */
  use<T>(sql: string, work: (statement: Statement) => T): T {
    const statement = this.get(sql);
    try {
      return work(statement);
    } catch (err) {
      this.kept.delete(sql);
      statement.finalize();
      throw err;
    }
  }

  private get(sql: string): Statement {
    let statement = this.kept.get(sql);
    if (statement) this.kept.delete(sql);
    else statement = this.db.prepare(sql);
    this.kept.set(sql, statement);
    if (this.kept.size > this.limit) {
      const [oldest, dropped] = this.kept.entries().next().value as [string, Statement];
      this.kept.delete(oldest);
      dropped.finalize();
    }
    return statement;
  }

  clear(): void {
    for (const statement of this.kept.values()) statement.finalize();
    this.kept.clear();
  }
}

/** SQLite has no booleans: they are stored as 0 and 1. */
function bindable(value: unknown): unknown {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}
