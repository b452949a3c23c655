import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { afterEach, expect, test } from 'vitest';
import { SqliteWorkerDialect } from './sqliteWorkerDriver.js';

interface Tables {
  t: { id: number; name: string };
}

const dirs: string[] = [];
const open: Kysely<Tables>[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.destroy();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function filePath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-sqlite-thread-'));
  dirs.push(dir);
  return join(dir, 'test.sqlite');
}

async function openFile(path = filePath()): Promise<Kysely<Tables>> {
  const db = new Kysely<Tables>({ dialect: new SqliteWorkerDialect(path) });
  open.push(db);
  await sql`create table if not exists t (id integer primary key, name text not null)`.execute(db);
  return db;
}

test('a long statement runs on its own thread: the event loop keeps turning meanwhile', async () => {
  const db = await openFile();
  let turns = 0;
  const ticker = setInterval(() => turns++, 1);
  // Counts to three million in SQL: long enough that a statement on this thread would stop every timer.
  const counted = await sql<{ n: number }>`
    with recursive c(x) as (select 1 union all select x + 1 from c limit 3000000) select count(*) as n from c`.execute(
    db,
  );
  clearInterval(ticker);
  expect(counted.rows).toEqual([{ n: 3_000_000 }]);
  expect(turns).toBeGreaterThan(5);
});

test('rows, counts and ids come back; a failed statement keeps its message and the file goes on', async () => {
  const db = await openFile();
  const inserted = await db.insertInto('t').values({ id: 7, name: 'seven' }).executeTakeFirst();
  expect(inserted.insertId).toBe(7n);
  await expect(db.insertInto('t').values({ id: 7, name: 'again' }).execute()).rejects.toThrow(/UNIQUE/);
  const updated = await db.updateTable('t').set({ name: 'SEVEN' }).where('id', '=', 7).executeTakeFirst();
  expect(updated.numUpdatedRows).toBe(1n);
  expect(await db.selectFrom('t').selectAll().execute()).toEqual([{ id: 7, name: 'SEVEN' }]);
});

test('a transaction that throws leaves nothing; statements from elsewhere wait for it to end', async () => {
  const db = await openFile();
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const failing = db.transaction().execute(async (trx) => {
    await trx.insertInto('t').values({ id: 1, name: 'half done' }).execute();
    await held;
    throw new Error('changed its mind');
  });
  // Asked while the transaction is open: it must not see (or commit) the half-done row.
  const meanwhile = db.selectFrom('t').selectAll().execute();
  release();
  await expect(failing).rejects.toThrow('changed its mind');
  expect(await meanwhile).toEqual([]);
  expect(await db.selectFrom('t').selectAll().execute()).toEqual([]);
});

test('what is written is on disk for the next open; a closed file refuses statements', async () => {
  const path = filePath();
  const first = await openFile(path);
  await first.insertInto('t').values({ id: 1, name: 'kept' }).execute();
  await first.destroy();
  open.splice(open.indexOf(first), 1);
  await expect(first.selectFrom('t').selectAll().execute()).rejects.toThrow();
  const second = await openFile(path);
  expect(await second.selectFrom('t').selectAll().execute()).toEqual([{ id: 1, name: 'kept' }]);
});
