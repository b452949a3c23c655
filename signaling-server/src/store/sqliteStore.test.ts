import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentId, SessionId } from '@lifeline/shared';
import sqlite from 'node-sqlite3-wasm';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { SqliteStore } from './sqliteStore.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lifeline-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('everything written is there after reopening the file, in order', () => {
  const path = join(dir, 'a.sqlite');
  const id = 's1' as SessionId;
  const first = new SqliteStore(path);
  first.addAgent({
    id: 'a1' as AgentId,
    email: 'a@example.com',
    name: 'A',
    passwordHash: 'scrypt$00$00',
    skills: { languages: ['fr'], areas: ['billing'] },
    team: 'north',
    role: 'supervisor',
  });
  first.createSession({ id, tenant: 't', context: { language: 'fr' }, traits: { tier: 1 }, requestedAt: 1 });
  first.appendEvent(id, { kind: 'queued', at: 2 });
  first.appendEvent(id, { kind: 'accepted', at: 3, agentId: 'a1' as AgentId });
  first.appendEvent(id, { kind: 'ended', at: 4, reason: 'user_ended' });
  first.rate(id, { score: 5, comment: 'great', at: 5 });
  const secret = first.secret('auth_secret');
  first.close();

  const again = new SqliteStore(path);
  expect(again.getSession(id)).toEqual({
    id,
    tenant: 't',
    context: { language: 'fr' },
    traits: { tier: 1 },
    requestedAt: 1,
    events: [
      { kind: 'requested', at: 1 },
      { kind: 'queued', at: 2 },
      { kind: 'accepted', at: 3, agentId: 'a1' },
      { kind: 'ended', at: 4, reason: 'user_ended' },
    ],
  });
  expect(again.agentByEmail('A@example.com')).toMatchObject({
    team: 'north',
    role: 'supervisor',
    skills: { areas: ['billing'] },
  });
  expect(again.rating(id)).toEqual({ score: 5, comment: 'great', at: 5 });
  expect(Buffer.from(again.secret('auth_secret'))).toEqual(Buffer.from(secret));
  again.close();
});

test('a file written before agents had roles opens, and its agents are plain agents', () => {
  const path = join(dir, 'old.sqlite');
  const old = new sqlite.Database(path);
  old.exec(`create table agents (id text primary key, email text not null unique, name text not null,
    password_hash text not null, skills text not null, team text not null default 'default')`);
  old.run('insert into agents (id, email, name, password_hash, skills) values (?, ?, ?, ?, ?)', [
    'a1',
    'old@example.com',
    'Old',
    'scrypt$00$00',
    '{"languages":["en"],"areas":[]}',
  ]);
  old.close();
  const store = new SqliteStore(path);
  expect(store.agentByEmail('old@example.com')?.role).toBe('agent');
  store.close();
});
