import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { until } from '../../testing/until.js';
import { sqliteDatabase } from './sqliteAdapter.js';

/** This process's open descriptors on `path`. */
const descriptorsOn = (path: string) =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(path);
    } catch {
      return false; // closed meanwhile (the descriptor of readdir itself)
    }
  }).length;

test("the log is flushed from a descriptor of the flusher's own, which goes when the database closes", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-wal-'));
  try {
    const path = join(dir, 'test.sqlite');
    const db = sqliteDatabase(path);
    db.prepare('create table t (id integer primary key, body text not null)').run([]);
    for (let i = 0; i < 100; i++) db.prepare('insert into t (body) values (?)').run(['x'.repeat(1_000)]);
    // SQLite's own descriptor on the log, and the flusher's beside it.
    await until(() => descriptorsOn(`${path}-wal`) === 2);
    db.close();
    await until(() => descriptorsOn(`${path}-wal`) === 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
