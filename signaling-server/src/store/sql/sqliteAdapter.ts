import type { SqliteDatabase, SqliteStatement } from 'kysely';
import sqlite from 'node-sqlite3-wasm';

/** Statements that hand back rows; everything else is run for its effect. */
const READER = /^\s*(select|with|pragma|values)\b|\breturning\b/i;

/**
 * node-sqlite3-wasm (pure WebAssembly: nothing to compile, installs anywhere) behind the
 * interface Kysely's SQLite dialect expects. Each call prepares and finalizes its statement, so
 * no WebAssembly memory is left behind.
 */
export function sqliteDatabase(path: string): SqliteDatabase {
  const db = new sqlite.Database(path);
  // Another process (a second CLI, a backup) may hold the file for a moment: wait rather than fail.
  db.exec('pragma busy_timeout = 5000');
  db.exec('pragma foreign_keys = on');
  return {
    close: () => {
      if (db.isOpen) db.close();
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
