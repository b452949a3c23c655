import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionId } from '@lifeline/shared';
import sqlite from 'node-sqlite3-wasm';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { openStore } from './openStore.js';
import { sessionStatus } from './status.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lifeline-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('a file written before migrations opens: agents become plain agents, sessions keep their status', async () => {
  const path = join(dir, 'old.sqlite');
  const old = new sqlite.Database(path);
  // The first release's tables, made without a migration tool and before agent roles existed.
  old.exec(`create table agents (id text primary key, email text not null unique, name text not null,
    password_hash text not null, skills text not null, team text not null default 'default');
    create table sessions (id text primary key, tenant text not null, context text not null, traits text not null,
    requested_at integer not null);
    create table session_events (seq integer primary key autoincrement, session_id text not null references sessions(id),
    kind text not null, at integer not null, agent_id text, reason text);`);
  old.run('insert into agents (id, email, name, password_hash, skills) values (?, ?, ?, ?, ?)', [
    'a1',
    'old@example.com',
    'Old',
    'scrypt$00$00',
    '{"languages":["en"],"areas":[]}',
  ]);
  old.run("insert into sessions values ('live', 't', '{\"userId\":\"u1\"}', '{}', 1), ('done', 't', '{}', '{}', 2)");
  old.run(`insert into session_events (session_id, kind, at, agent_id) values ('live', 'queued', 2, null),
    ('live', 'accepted', 3, 'a1'), ('done', 'queued', 3, null), ('done', 'abandoned', 4, null)`);
  old.close();

  const store = await openStore({ databasePath: path });
  expect((await store.agentByEmail('old@example.com'))?.role).toBe('agent');
  const open = await store.openSessions();
  expect(open.map((s) => [s.id, sessionStatus(s)])).toEqual([['live', 'live']]);
  expect(await store.lastAgentFor('t', 'u1')).toBe('a1');
  expect((await store.getSession('done' as SessionId))?.events).toHaveLength(2);
  await store.close();
  // Opening again runs no migration twice.
  await (await openStore({ databasePath: path })).close();
});

test('one server per file: a file held by a live process is refused, a lock left by a killed one is cleared', async () => {
  const path = join(dir, 'held.sqlite');
  // Another process opens the file, writes and is killed with SIGKILL while holding it.
  const script = `
    const { openStore } = await import(${JSON.stringify(new URL('./openStore.ts', import.meta.url).pathname)});
    const store = await openStore({ databasePath: ${JSON.stringify(path)} });
    await store.addAgent({ id: 'a1', email: 'held@example.com', name: 'Held', passwordHash: 'x', skills: { languages: [], areas: [] }, team: 't', role: 'agent' });
    console.log('ready');
    setInterval(() => {}, 1000);`;
  const holder = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
  await expect(openStore({ databasePath: path })).rejects.toThrow(
    `in use by another Lifeline server (process ${holder.pid})`,
  );
  holder.kill('SIGKILL');
  await new Promise((resolve) => holder.once('exit', resolve));

  const store = await openStore({ databasePath: path });
  expect((await store.agentByEmail('held@example.com'))?.name).toBe('Held'); // committed, not flushed: kept
  await expect(openStore({ databasePath: path })).rejects.toThrow('already open in this process');
  await store.close();
});
