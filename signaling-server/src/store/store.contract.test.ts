import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentId, SessionId } from '@lifeline/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { groupedFigures, serviceFigures } from '../analytics/figures.js';
import { timeToAnswerCharts } from '../analytics/timeToAnswer.js';
import { generatedHistory, HISTORY_TEAMS } from '../testing/generatedHistory.js';
import { type PostgresServer, startPostgres } from '../testing/postgres.js';
import { openStore } from './openStore.js';
import { type Database, openPostgres, openSqlite } from './sql/database.js';
import { sessionStatus } from './status.js';
import type { NewAgent, SessionRecord, Store } from './types.js';

/**
 * One contract, two databases: every test below runs against a SQLite file and against a real
 * PostgreSQL server started for the run. Each test gets an empty database; `reopen` gives a
 * second store on the same data (a restart, or another node).
 */
interface Backend {
  name: string;
  fresh(): Promise<{ store: Store; reopen: () => Promise<Store>; raw: () => Database }>;
}

let dir = '';
let postgres: PostgresServer | undefined;
let files = 0;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lifeline-contract-'));
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const backends: Backend[] = [
  {
    name: 'SQLite',
    async fresh() {
      const databasePath = join(dir, `store-${++files}.sqlite`);
      return {
        store: await openStore({ databasePath }),
        reopen: () => openStore({ databasePath }),
        raw: () => openSqlite(databasePath),
      };
    },
  },
  {
    name: 'PostgreSQL',
    async fresh() {
      const databaseUrl = await (postgres as PostgresServer).database();
      const open = () => openStore({ databaseUrl, databasePath: '' });
      return { store: await open(), reopen: open, raw: () => openPostgres(databaseUrl, 1) };
    },
  },
];

const agent = (id: string, more: Partial<NewAgent> = {}): NewAgent => ({
  id: id as AgentId,
  email: `${id}@example.com`,
  name: `Agent ${id}`,
  passwordHash: 'scrypt$00$00',
  skills: { languages: ['en'], areas: [] },
  team: 'default',
  role: 'agent',
  ...more,
});

const sid = (id: string) => id as SessionId;

async function session(store: Store, id: string, requestedAt: number, userId?: string, name?: string) {
  return store.createSession({
    id: sid(id),
    tenant: 't',
    context: {
      ...(userId ? { userId, verified: true } : {}),
      ...(name ? { name } : {}),
      pageUrl: `https://shop/${id}`,
    },
    traits: {},
    requestedAt,
  });
}

/** A call: queued, answered by `agentId`, and (unless `open`) ended. */
async function call(
  store: Store,
  id: string,
  at: number,
  agentId: string,
  opts: { userId?: string; open?: boolean } = {},
) {
  await session(store, id, at, opts.userId);
  await store.appendEvent(sid(id), { kind: 'queued', at: at + 1 });
  await store.appendEvent(sid(id), { kind: 'accepted', at: at + 2, agentId: agentId as AgentId });
  if (!opts.open) await store.appendEvent(sid(id), { kind: 'ended', at: at + 3, reason: 'agent_ended' });
}

describe.each(backends)('the store on $name', (backend) => {
  test('everything written is there after reopening, in order', async () => {
    const { store, reopen } = await backend.fresh();
    const id = sid('s1');
    await store.addAgent(agent('a1', { email: 'A1@Example.com', team: 'north', role: 'supervisor' }));
    await store.createSession({
      id,
      tenant: 't',
      context: { language: 'fr', name: 'Zoë', claims: { org: 'ACME' } },
      traits: { tier: 1, area: 'billing' },
      requestedAt: 1_700_000_000_001,
    });
    await store.appendEvent(id, { kind: 'queued', at: 1_700_000_000_002 });
    await store.appendEvent(id, { kind: 'accepted', at: 1_700_000_000_003, agentId: 'a1' as AgentId });
    await store.appendEvent(id, { kind: 'ended', at: 1_700_000_000_004, reason: 'user_ended' });
    await store.rate(id, { score: 4, comment: 'ok', at: 5 });
    await store.rate(id, { score: 5, comment: 'great', at: 6 });
    await store.addNote(id, { agentId: 'a1' as AgentId, body: 'first', at: 7 });
    await store.addNote(id, { agentId: 'a1' as AgentId, body: 'second', at: 8 });
    await store.setDisposition(id, { agentId: 'a1' as AgentId, code: 'resolved', at: 9 });
    const secret = await store.secret('auth_secret');
    await store.close();

    const again = await reopen();
    expect(await again.getSession(id)).toEqual({
      id,
      tenant: 't',
      context: { language: 'fr', name: 'Zoë', claims: { org: 'ACME' } },
      traits: { tier: 1, area: 'billing' },
      requestedAt: 1_700_000_000_001,
      events: [
        { kind: 'requested', at: 1_700_000_000_001 },
        { kind: 'queued', at: 1_700_000_000_002 },
        { kind: 'accepted', at: 1_700_000_000_003, agentId: 'a1' },
        { kind: 'ended', at: 1_700_000_000_004, reason: 'user_ended' },
      ],
    });
    expect(await again.agentByEmail('a1@EXAMPLE.com')).toMatchObject({
      id: 'a1',
      team: 'north',
      role: 'supervisor',
      active: true,
    });
    expect(await again.sessionFile(id)).toMatchObject({
      rating: { score: 5, comment: 'great', at: 6 },
      disposition: { code: 'resolved', agentId: 'a1' },
      notes: [{ body: 'first' }, { body: 'second' }],
    });
    expect(Buffer.from(await again.secret('auth_secret'))).toEqual(Buffer.from(secret));
    expect(await again.getSession(sid('nope'))).toBeUndefined();
    await again.close();
  });

  test('events appended without waiting are stored in the order they were appended', async () => {
    const { store } = await backend.fresh();
    await session(store, 'burst', 1);
    const kinds = Array.from({ length: 60 }, (_, i): 'media_joined' | 'media_left' =>
      i % 2 ? 'media_joined' : 'media_left',
    );
    // The engine does not wait for its writes: order must come from the store, not the caller.
    const writes = kinds.map((kind, i) => store.appendEvent(sid('burst'), { kind, at: 100 - i }));
    await Promise.all(writes);
    const stored = (await store.getSession(sid('burst')))?.events.slice(1);
    expect(stored?.map((e) => e.at)).toEqual(kinds.map((_, i) => 100 - i));
    await store.close();
  });

  test('open sessions are the ones not over, oldest first, each with its status', async () => {
    const { store, reopen } = await backend.fresh();
    await session(store, 'new', 30);
    await session(store, 'waiting', 20);
    await store.appendEvent(sid('waiting'), { kind: 'queued', at: 21 });
    await call(store, 'live', 10, 'a1', { open: true });
    await call(store, 'over', 5, 'a1');
    await session(store, 'gone', 1);
    await store.appendEvent(sid('gone'), { kind: 'abandoned', at: 2, reason: 'user_cancelled' });
    // Back in the queue after the agent dropped: waiting again.
    await call(store, 'requeued', 15, 'a2', { open: true });
    await store.appendEvent(sid('requeued'), { kind: 'requeued', at: 19 });
    await store.close();

    const again = await reopen();
    const open = await again.openSessions();
    expect(open.map((s) => [s.id, sessionStatus(s)])).toEqual([
      ['live', 'live'],
      ['requeued', 'waiting'],
      ['waiting', 'waiting'],
      ['new', 'new'],
    ]);
    await again.close();
  });

  test('sessions requested in a window, with their events', async () => {
    const { store } = await backend.fresh();
    for (const at of [10, 20, 30, 40]) await session(store, `w${at}`, at);
    const found = await store.sessionsRequested(20, 40);
    expect(found.map((s) => s.id)).toEqual(['w20', 'w30']);
    expect(found[0]?.events).toEqual([{ kind: 'requested', at: 20 }]);
    await store.close();
  });

  test('history: an agent sees the calls they handled, newest first, paged, with the total', async () => {
    const { store } = await backend.fresh();
    await store.addAgent(agent('a1'));
    await store.addAgent(agent('a2', { name: 'Bea Transfer' }));
    for (let i = 0; i < 5; i++) await call(store, `a1-${i}`, 100 + i * 10, 'a1');
    await call(store, 'a2-only', 200, 'a2');
    // Handed over to a2: both handled it.
    await call(store, 'both', 300, 'a1', { open: true });
    await store.appendEvent(sid('both'), { kind: 'transferred', at: 310, agentId: 'a2' as AgentId });

    const page = await store.searchSessions({ handledBy: 'a1' as AgentId, limit: 3, offset: 1 });
    expect(page.total).toBe(6);
    expect(page.files.map((f) => f.session.id)).toEqual(['a1-4', 'a1-3', 'a1-2']);
    const a2 = await store.searchSessions({ handledBy: 'a2' as AgentId, limit: 10, offset: 0 });
    expect(a2.files.map((f) => f.session.id)).toEqual(['both', 'a2-only']);
    const everything = await store.searchSessions({ limit: 100, offset: 0 });
    expect(everything.total).toBe(7);
    await store.close();
  });

  test('history search finds the user, the page, notes, comments, the disposition and the agent, in any case', async () => {
    const { store } = await backend.fresh();
    await store.addAgent(agent('a1', { name: 'Grace Hopper' }));
    await session(store, 'by-name', 1, undefined, 'Ada Lovelace');
    await session(store, 'by-user', 2, 'user-42');
    await call(store, 'by-note', 3, 'a1');
    await store.addNote(sid('by-note'), { agentId: 'a1' as AgentId, body: 'Refund of order #77', at: 9 });
    await session(store, 'by-comment', 4);
    await store.rate(sid('by-comment'), { score: 1, comment: 'Too SLOW', at: 9 });
    await call(store, 'by-code', 5, 'a1');
    await store.setDisposition(sid('by-code'), { agentId: 'a1' as AgentId, code: 'escalated', at: 9 });
    await session(store, 'percent', 6, undefined, '100% sure');

    const ids = async (text: string) =>
      (await store.searchSessions({ text, limit: 50, offset: 0 })).files.map((f) => f.session.id).sort();
    expect(await ids('ada LOVE')).toEqual(['by-name']);
    expect(await ids('USER-42')).toEqual(['by-user']);
    expect(await ids('order #77')).toEqual(['by-note']);
    expect(await ids('too slow')).toEqual(['by-comment']);
    expect(await ids('escalat')).toEqual(['by-code']);
    expect(await ids('grace')).toEqual(['by-code', 'by-note']);
    expect(await ids('shop/by-user')).toEqual(['by-user']);
    // Wildcards in the text are plain characters.
    expect(await ids('0%')).toEqual(['percent']);
    expect(await ids('_')).toEqual([]);
    await store.close();
  });

  test('a returning user: their previous agent and their earlier sessions', async () => {
    const { store } = await backend.fresh();
    await call(store, 'old', 100, 'a1', { userId: 'u1' });
    await call(store, 'newer', 200, 'a2', { userId: 'u1' });
    await call(store, 'other-user', 300, 'a3', { userId: 'u2' });
    await session(store, 'unanswered', 400, 'u1');
    expect(await store.lastAgentFor('t', 'u1')).toBe('a2');
    expect(await store.lastAgentFor('t', 'u2')).toBe('a3');
    expect(await store.lastAgentFor('other-tenant', 'u1')).toBeUndefined();
    expect(await store.lastAgentFor('t', 'nobody')).toBeUndefined();
    const earlier = await store.userSessions('t', 'u1', 200, 10);
    expect(earlier.files.map((f) => f.session.id)).toEqual(['newer', 'old']);
    expect(earlier.total).toBe(2);
    await store.close();
  });

  test('erasure deletes finished sessions and everything about them, and keeps open ones', async () => {
    const { store, reopen } = await backend.fresh();
    await call(store, 'done', 100, 'a1', { userId: 'u1' });
    await store.addNote(sid('done'), { agentId: 'a1' as AgentId, body: 'secret', at: 110 });
    await store.rate(sid('done'), { score: 5, at: 111 });
    await store.setDisposition(sid('done'), { agentId: 'a1' as AgentId, code: 'resolved', at: 112 });
    await call(store, 'live', 200, 'a1', { userId: 'u1', open: true });
    await call(store, 'someone-else', 300, 'a1', { userId: 'u2' });
    expect(await store.eraseFinished({ tenant: 't', userId: 'u1' })).toEqual({ deleted: 1, open: 1 });
    await store.close();

    const again = await reopen();
    expect(await again.getSession(sid('done'))).toBeUndefined();
    expect(await again.sessionFile(sid('done'))).toBeUndefined();
    expect((await again.searchSessions({ text: 'secret', limit: 10, offset: 0 })).total).toBe(0);
    expect(await again.lastAgentFor('t', 'u1')).toBe('a1'); // from the live call
    expect(await again.getSession(sid('someone-else'))).toBeDefined();
    expect(await again.eraseFinished({ requestedBefore: 301 })).toEqual({ deleted: 1, open: 1 });
    // An event for a session erased meanwhile is dropped, not an error.
    await again.appendEvent(sid('done'), { kind: 'media_left', at: 500 });
    await again.close();
  });

  test('webhook deliveries: claimed once per lease, retried when due, kept across a reopen until made', async () => {
    const { store, reopen } = await backend.fresh();
    const lease = 1_000;
    await store.webhooks.add(
      ['w1', 'w2', 'w3'].map((id, i) => ({ id, tenant: 't', body: `{"id":"${id}"}`, at: 100 + i })),
    );
    const first = await store.webhooks.claimDue(200, 10, lease);
    expect(first.map((d) => [d.id, d.attempts])).toEqual([
      ['w1', 0],
      ['w2', 0],
      ['w3', 0],
    ]);
    // Held by the first claim: nobody else sends them meanwhile.
    expect(await store.webhooks.claimDue(200 + lease - 1, 10, lease)).toEqual([]);
    await store.webhooks.delivered('w1', 1, 300);
    await store.webhooks.failed('w2', 1, 'HTTP 500', 5_000, 300);
    await store.webhooks.failed('w3', 1, 'HTTP 410', null, 300);
    await store.close();

    const again = await reopen();
    expect(await again.webhooks.nextDueAt()).toBe(5_000);
    expect(await again.webhooks.claimDue(4_999, 10, lease)).toEqual([]);
    expect((await again.webhooks.claimDue(5_000, 10, lease)).map((d) => [d.id, d.attempts])).toEqual([['w2', 1]]);
    expect((await again.webhooks.find('w3'))?.status).toBe('failed');
    expect((await again.webhooks.find('w1'))?.status).toBe('delivered');
    // A sender that died mid-send: its lease runs out and the delivery is due again.
    expect((await again.webhooks.claimDue(5_000 + lease, 10, lease)).map((d) => d.id)).toEqual(['w2']);
    await again.webhooks.prune(301);
    expect(await again.webhooks.find('w1')).toBeUndefined();
    expect(await again.webhooks.find('w2')).toBeDefined();
    await again.close();
  });

  test('callbacks: due once, kept across a reopen, retried, settled once, handed over, counted', async () => {
    const { store, reopen } = await backend.fresh();
    const base = {
      tenant: 't',
      user: { userId: 'u1', name: 'Ana', verified: true },
      traits: { area: 'billing' },
      note: '',
      handoff: null,
      originSessionId: null,
      createdAt: 10,
    };
    await store.callbacks.add({ ...base, id: 'c1', userId: 'u1', kind: 'requested', dueAt: 1_000, ownerId: null });
    await store.callbacks.add({
      ...base,
      id: 'c2',
      userId: 'u2',
      kind: 'promised',
      dueAt: 2_000,
      ownerId: 'a1' as AgentId,
      note: 'check the refund',
    });
    expect(await store.callbacks.nextDueAt()).toBe(1_000);
    expect(await store.callbacks.claimDue(999, 10)).toEqual([]);
    const first = await store.callbacks.claimDue(1_500, 10);
    expect(first.map((c) => [c.id, c.status, c.attempts])).toEqual([['c1', 'due', 1]]);
    // Claimed: not due again for anyone else.
    expect(await store.callbacks.claimDue(1_600, 10)).toEqual([]);
    await store.callbacks.ringing('c1', sid('s1'));
    await store.close();

    const again = await reopen();
    expect((await again.callbacks.bySession(sid('s1')))?.id).toBe('c1');
    expect((await again.callbacks.openForUser('t', 'u1')).map((c) => c.status)).toEqual(['due']);
    // Nobody answered: tried again later; the retry comes due like the first time.
    expect(await again.callbacks.settle('c1', { status: 'scheduled', nextAt: 5_000 }, 1_700)).toBe(true);
    expect((await again.callbacks.claimDue(5_000, 10)).map((c) => [c.id, c.attempts])).toEqual([
      ['c2', 1],
      ['c1', 2],
    ]);
    // Settled once: a cancel racing a call's end leaves the first outcome.
    expect(
      await again.callbacks.settle('c1', { status: 'done', servedBy: 'a2' as AgentId, answeredAt: 5_100 }, 6_000),
    ).toBe(true);
    expect(await again.callbacks.settle('c1', { status: 'cancelled', reason: 'user_cancelled' }, 6_001)).toBe(false);
    expect(await again.callbacks.find('c1')).toMatchObject({ status: 'done', servedBy: 'a2', closeReason: 'served' });
    // A ringing callback is no longer handed over; a scheduled one is, with its note.
    expect(await again.callbacks.handOver('c2', 'a1' as AgentId, 'a3' as AgentId, 'late shift')).toBe(false);
    await again.callbacks.add({
      ...base,
      id: 'c3',
      userId: 'u3',
      kind: 'promised',
      dueAt: 9_000,
      ownerId: 'a1' as AgentId,
    });
    expect(await again.callbacks.handOver('c3', 'a1' as AgentId, 'a3' as AgentId, 'late shift')).toBe(true);
    expect((await again.callbacks.openForOwner('a3' as AgentId, false)).map((c) => [c.id, c.handoff])).toEqual([
      ['c3', { fromId: 'a1', note: 'late shift' }],
    ]);
    expect((await again.callbacks.openForOwner('a1' as AgentId, false)).map((c) => c.id)).toEqual(['c2']);
    expect(await again.callbacks.bookedBetween('t', 0, 10_000)).toEqual(expect.arrayContaining([2_000, 9_000]));
    await again.callbacks.settle('c2', { status: 'done', servedBy: 'a1' as AgentId, answeredAt: 2_000 + 400_000 }, 1);
    expect(await again.callbacks.figures(0, 100, 300_000)).toEqual({
      requested: 3,
      keptOnTime: 1,
      late: 1,
      missed: 0,
      sameAgent: 1,
    });
    await again.close();
  });

  test('agents: unique e-mails, revocation, changes, and an invitation used once', async () => {
    const { store } = await backend.fresh();
    await store.addAgent(agent('a1', { passwordHash: '' }));
    await expect(store.addAgent(agent('a2', { email: 'A1@example.com' }))).rejects.toThrow();
    expect((await store.revokeTokens('a1' as AgentId)).tokenGeneration).toBe(1);
    expect((await store.revokeTokens('a1' as AgentId)).tokenGeneration).toBe(2);
    const changed = await store.updateAgent('a1' as AgentId, { name: 'Renamed', active: false, team: undefined });
    expect(changed).toMatchObject({ name: 'Renamed', active: false, team: 'default', tokenGeneration: 2 });
    expect(await store.agent('a1' as AgentId)).toEqual(changed);
    // Two acceptances racing: exactly one sets the password.
    const raced = await Promise.all([
      store.setFirstPassword('a1' as AgentId, 'scrypt$first'),
      store.setFirstPassword('a1' as AgentId, 'scrypt$second'),
    ]);
    expect(raced.filter(Boolean)).toHaveLength(1);
    expect(await store.setFirstPassword('a1' as AgentId, 'scrypt$third')).toBe(false);
    expect((await store.agents()).map((a) => a.id)).toEqual(['a1']);
    await expect(store.updateAgent('ghost' as AgentId, { name: 'x' })).rejects.toThrow(/no agent/);
    await store.close();
  });

  test('retired tokens are remembered until they would have expired', async () => {
    const { store } = await backend.fresh();
    await store.retireToken('t1', 1_000, 5_000);
    await store.retireToken('t1', 2_000, 5_000); // a second retirement keeps the first time
    await store.retireToken('t2', 1_000, 1_500);
    expect(await store.tokenRetiredAt('t1')).toBe(1_000);
    expect(await store.tokenRetiredAt('unknown')).toBeUndefined();
    await store.close();
  });

  test('the previous agent and the window match a scan of the same generated history', async () => {
    const { store } = await backend.fresh();
    const made: SessionRecord[] = [];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 120; i++) {
      const userId = `u${random(12)}`;
      const at = 1_000 + random(100_000);
      const id = `g${i}`;
      if (random(3) === 0) await session(store, id, at, userId);
      else await call(store, id, at, `a${random(5)}`, { userId, open: random(4) === 0 });
      made.push((await store.getSession(sid(id))) as SessionRecord);
    }
    for (let u = 0; u < 12; u++) {
      // The scan the request path used to do, over every session.
      let last: { at: number; agentId: string } | undefined;
      for (const s of made) {
        if (s.context.userId !== `u${u}`) continue;
        const accepted = s.events.findLast((e) => e.kind === 'accepted');
        if (accepted?.agentId && (!last || accepted.at > last.at))
          last = { at: accepted.at, agentId: accepted.agentId };
      }
      expect(await store.lastAgentFor('t', `u${u}`)).toBe(last?.agentId);
    }
    const inWindow = made.filter((s) => s.requestedAt >= 20_000 && s.requestedAt < 60_000);
    const found = await store.sessionsRequested(20_000, 60_000);
    expect(new Set(found.map((s) => s.id))).toEqual(new Set(inWindow.map((s) => s.id)));
    await store.close();
  });
  test('figures and charts by SQL aggregates equal their definition over a generated history', async () => {
    const { store } = await backend.fresh();
    for (const [id, team] of Object.entries(HISTORY_TEAMS)) await store.addAgent(agent(id, { team }));
    const history = generatedHistory(300, 11, 400);
    for (const { events, ...made } of history) {
      await store.createSession(made);
      for (const event of events.slice(1)) store.appendEvent(made.id, event);
    }
    await store.appendEvent(sid('g0'), { kind: 'queued', at: 0 }); // the last append: all are written
    const window = { from: 20_000, to: 100_000, serviceLevelTargetMs: 20_000 };
    const teamOf = (id: string) => HISTORY_TEAMS[id];
    expect(await store.figures(window)).toEqual(new Map([['', serviceFigures(history, window)]]));
    for (const narrowed of [{ tenant: 't3' }, { tier: 2 }, { agentId: 'c' }, { tenant: 't1', tier: 0 }]) {
      const query = { ...window, ...narrowed };
      expect((await store.figures(query)).get('')).toEqual(serviceFigures(history, query));
    }
    for (const split of ['tenant', 'agent', 'team', 'tier'] as const) {
      const groups = await store.figures(window, split);
      expect(Object.fromEntries(groups)).toEqual(groupedFigures(history, window, split, teamOf));
      expect(groups.size).toBeGreaterThan(1);
    }
    const day = 86_400_000;
    const level = { targetMs: 20_000, goal: 0.8 };
    expect(await store.timeToAnswer(0, day, level)).toEqual(timeToAnswerCharts(history, 0, day, level));
    const narrow = await store.timeToAnswer(30_000, 70_000, level);
    expect(narrow).toEqual(timeToAnswerCharts(history, 30_000, 70_000, level));
    expect(narrow.byHour.some((h) => h.serviceLevel !== null && h.serviceLevel < 1)).toBe(true);
    await store.close();
  }, 60_000);

  test('a database from before the figures’ columns gets them from its events on upgrade', async () => {
    const { store, reopen, raw } = await backend.fresh();
    await store.addAgent(agent('a', { team: 'north' }));
    const history = generatedHistory(40, 3, 1_000);
    for (const { events, ...made } of history) {
      await store.createSession(made);
      for (const event of events.slice(1)) await store.appendEvent(made.id, event);
    }
    await store.close();
    // Back to the schema of the release before: the columns and the migration's record gone.
    const { db } = raw();
    for (const column of ['tier', 'accepted_at', 'accepted_by', 'media_at', 'ended_at', 'abandoned_at'])
      await sql.raw(`alter table sessions drop column ${column}`).execute(db);
    await sql`drop table webhook_deliveries`.execute(db);
    await sql`drop table callbacks`.execute(db);
    await sql`delete from kysely_migration where name >= '0004_session_facts'`.execute(db);
    await db.destroy();

    const upgraded = await reopen();
    const window = { from: 0, to: 1e9, serviceLevelTargetMs: 20_000 };
    expect(Object.fromEntries(await upgraded.figures(window, 'tier'))).toEqual(groupedFigures(history, window, 'tier'));
    expect((await upgraded.figures(window)).get('')).toEqual(serviceFigures(history, window));
    await upgraded.close();
  });
  test('figures read in slices equal their definition, sessions requested at the same moment included', async () => {
    const { store } = await backend.fresh();
    // Three sessions to a request time, so slices of 7 end between sessions of one moment.
    const history = generatedHistory(300, 11, 400).map((s) => {
      const requestedAt = s.requestedAt - (s.requestedAt % 1_200);
      return { ...s, requestedAt, events: [{ kind: 'requested' as const, at: requestedAt }, ...s.events.slice(1)] };
    });
    for (const { events, ...made } of history) {
      await store.createSession(made);
      for (const event of events.slice(1)) store.appendEvent(made.id, event);
    }
    await store.appendEvent(sid('g0'), { kind: 'queued', at: 0 }); // the last append: all are written
    const window = { from: 20_000, to: 100_000, serviceLevelTargetMs: 20_000 };
    for (const narrowed of [{}, { tenant: 't3' }, { tier: 2 }]) {
      const query = { ...window, ...narrowed };
      const expected = serviceFigures(history, query);
      expect(expected.missedOffers).toBeGreaterThan(0);
      for (const perSlice of [7, 1_000]) expect(await store.figuresUnhurried(query, perSlice)).toEqual(expected);
    }
    await store.close();
  });
});

describe('PostgreSQL for many nodes', () => {
  test('nodes starting together migrate once, agree on secrets and see each other’s writes', async () => {
    const databaseUrl = await (postgres as PostgresServer).database();
    const settings = { databaseUrl, databasePath: '' };
    const nodes = await Promise.all([openStore(settings), openStore(settings), openStore(settings)]);
    const [a, b, c] = nodes as [Store, Store, Store];
    const secrets = await Promise.all(nodes.map((n) => n.secret('auth_secret')));
    expect(new Set(secrets.map((s) => Buffer.from(s).toString('hex'))).size).toBe(1);
    await session(a, 'crossed', 1);
    await b.appendEvent(sid('crossed'), { kind: 'queued', at: 2 });
    expect((await c.getSession(sid('crossed')))?.events.map((e) => e.kind)).toEqual(['requested', 'queued']);
    await Promise.all(nodes.map((n) => n.close()));
  });

  test('nodes claiming webhook deliveries at once never send the same one', async () => {
    const databaseUrl = await (postgres as PostgresServer).database();
    const nodes = await Promise.all([1, 2, 3].map(() => openStore({ databaseUrl, databasePath: '' })));
    const ids = Array.from({ length: 60 }, (_, i) => `d${i}`);
    await (nodes[0] as Store).webhooks.add(ids.map((id) => ({ id, tenant: 't', body: '{}', at: 1 })));
    const claims = await Promise.all(
      [0, 1, 2, 0, 1, 2].map((n) => (nodes[n] as Store).webhooks.claimDue(10, 15, 60_000)),
    );
    const claimed = claims.flat().map((d) => d.id);
    expect(claimed.sort()).toEqual([...ids].sort());
    await Promise.all(nodes.map((n) => n.close()));
  });

  test('nodes claiming due callbacks at once ring each exactly once', async () => {
    const databaseUrl = await (postgres as PostgresServer).database();
    const nodes = await Promise.all([1, 2, 3].map(() => openStore({ databaseUrl, databasePath: '' })));
    const ids = Array.from({ length: 45 }, (_, i) => `cb${i}`);
    for (const id of ids)
      await (nodes[0] as Store).callbacks.add({
        ...{ id, tenant: 't', userId: id, user: { userId: id }, traits: {}, kind: 'requested', dueAt: 1 },
        ...{ ownerId: null, note: '', handoff: null, originSessionId: null, createdAt: 1 },
      });
    const claims = await Promise.all([0, 1, 2, 0, 1, 2].map((n) => (nodes[n] as Store).callbacks.claimDue(10, 10)));
    expect(
      claims
        .flat()
        .map((c) => c.id)
        .sort(),
    ).toEqual([...ids].sort());
    await Promise.all(nodes.map((n) => n.close()));
  });

  test('a database that stops for a while loses no event appended meanwhile', async () => {
    const server = postgres as PostgresServer;
    const databaseUrl = await server.database();
    const store = await openStore({ databaseUrl, databasePath: '' });
    await session(store, 'outage', 1);
    await server.stop();
    // Appended while the database is down: the store retries, in order, until it is back.
    const pending = [store.appendEvent(sid('outage'), { kind: 'queued', at: 2 })];
    pending.push(store.appendEvent(sid('outage'), { kind: 'requeued', at: 3 }));
    await expect(store.ping()).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 1_500));
    await server.start();
    await Promise.all(pending);
    expect((await store.getSession(sid('outage')))?.events.map((e) => e.kind)).toEqual([
      'requested',
      'queued',
      'requeued',
    ]);
    await store.close();
  }, 60_000);
});
