import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentId, SessionId } from '@lifeline/shared';
import { afterEach, expect, test } from 'vitest';
import { SqliteStore } from './sqliteStore.js';

const dir = mkdtempSync(join(tmpdir(), 'lifeline-store-'));
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
  expect(again.agentByEmail('A@example.com')).toMatchObject({ team: 'north', skills: { areas: ['billing'] } });
  expect(again.rating(id)).toEqual({ score: 5, comment: 'great', at: 5 });
  expect(Buffer.from(again.secret('auth_secret'))).toEqual(Buffer.from(secret));
  again.close();
});
