import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { sqliteDatabase } from './sqliteAdapter.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openFile() {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-sqlite-'));
  dirs.push(dir);
  const db = sqliteDatabase(join(dir, 'test.sqlite'));
  db.prepare('create table t (id integer primary key, name text not null)').run([]);
  return db;
}

test('a statement that failed (a duplicate key) runs again with other values', () => {
  const db = openFile();
  const insert = 'insert into t (id, name) values (?, ?)';
  db.prepare(insert).run([1, 'first']);
  expect(() => db.prepare(insert).run([1, 'again'])).toThrow(/UNIQUE/);
  db.prepare(insert).run([2, 'second']);
  expect(db.prepare('select name from t order by id').all([])).toEqual([{ name: 'first' }, { name: 'second' }]);
  db.close();
});

test('more shapes of SQL than are kept: each still runs, with its own parameters', () => {
  const db = openFile();
  for (let i = 0; i < 300; i++) db.prepare(`insert into t (id, name) values (?, 'n${i}')`).run([i]);
  for (let i = 0; i < 300; i += 37)
    expect(db.prepare(`select name from t where id = ? and name = 'n${i}'`).all([i])).toEqual([{ name: `n${i}` }]);
  expect(db.prepare('select count(*) as n from t').all([])).toEqual([{ n: 300 }]);
  db.close();
});
