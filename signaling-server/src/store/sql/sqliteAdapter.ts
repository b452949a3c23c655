import type { SqliteDatabase, SqliteStatement } from 'kysely';
import sqlite from 'node-sqlite3-wasm';
import { claimFile, markOwner } from './fileClaim.js';

/** Statements that hand back rows; everything else is run for its effect. */
const READER = /^\s*(select|with|pragma|values)\b|\breturning\b/i;

/**
 * node-sqlite3-wasm (pure WebAssembly: nothing to compile, installs anywhere) behind the
 * interface Kysely's SQLite dialect expects, one connection per file. Each call prepares and finalizes its statement, so
 * no WebAssembly memory is left behind.
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
  return {
    close: () => {
      if (db.isOpen) db.close();
      release();
    },
    prepare(sql: string): SqliteStatement {
      type Values = Parameters<typeof db.all>[1];
      const values = (parameters: ReadonlyArray<unknown>) => parameters.map(bindable) as Values;
      return {
        reader: READER.test(sql),
        all: (parameters) => db.all(sql, values(parameters)),
        run: (parameters) => db.run(sql, values(parameters)),
        iterate: (parameters) => db.all(sql, values(parameters))[Symbol.iterator](),
      };
    },
  };
}

/** SQLite has no booleans: they are stored as 0 and 1. */
function bindable(value: unknown): unknown {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}
