import { randomBytes } from 'node:crypto';
import type { AgentId, SessionId, TimeToAnswerReply } from '@lifeline/shared';
import { type Kysely, sql } from 'kysely';
import type { FiguresQuery, FiguresSplit, ServiceFigures } from '../analytics/figureTypes.js';
import { CallbackBook } from './sql/callbackBook.js';
import type { Dialect, Database as SqlDatabase, Tables } from './sql/database.js';
import { EventAppender, eventRow } from './sql/eventAppender.js';
import { figuresInSlices } from './sql/figuresInSlices.js';
import { figuresByGroup, timeToAnswerCharts } from './sql/figuresQueries.js';
import { GroupCommit } from './sql/groupCommit.js';
import { historyConditions } from './sql/historySearch.js';
import { migrate } from './sql/migrations.js';
import {
  agentFromRow,
  agentToRow,
  dispositionFromRow,
  eventFromRow,
  noteFromRow,
  ratingFromRow,
  sessionFromRow,
} from './sql/rows.js';
import { WebhookQueue } from './sql/webhookQueue.js';
import type {
  AgentChanges,
  AgentRecord,
  Disposition,
  ErasureScope,
  HistorySearch,
  NewAgent,
  Rating,
  SessionEvent,
  SessionFile,
  SessionNote,
  SessionRecord,
  Store,
} from './types.js';
import { FencedOut } from './types.js';

/** Tables that hold something about a session, erased with it. */
const SESSION_TABLES = ['session_events', 'session_notes', 'ratings', 'dispositions'] as const;
/** Ids per `in (…)` list: far below both databases' limits on bound parameters. */
const CHUNK = 500;

type SessionRow = import('kysely').Selectable<Tables['sessions']>;

/**
 * The one store, on SQLite (the embedded default) or PostgreSQL (many nodes): the same queries
 * through Kysely, which writes each database's SQL. Nothing is cached: every node sees every
 * other node's writes.
 */
export class SqlStore implements Store {
  private readonly db: Kysely<Tables>;
  private readonly dialect: Dialect;
  /** Events are appended in batches, in order, so a session's timeline keeps the engine's order. */
  private readonly events: EventAppender;
  /** Help requests are written by group commit: a flash crowd shares its disk flushes. */
  private readonly newSessions: GroupCommit<Omit<SessionRecord, 'events'>>;
  /** The engine owner's fencing token, once claimed (many nodes); unset on a single node. */
  private fence: number | undefined;
  readonly webhooks: WebhookQueue;
  readonly callbacks: CallbackBook;

  private constructor(database: SqlDatabase) {
    this.db = database.db;
    this.dialect = database.dialect;
    this.events = new EventAppender(this.db, this.dialect, () => this.fence);
    this.newSessions = new GroupCommit((sessions) => this.insertSessions(sessions));
    this.webhooks = new WebhookQueue(this.db, this.dialect);
    this.callbacks = new CallbackBook(this.db, this.dialect);
  }

  /** Opens the database and brings its schema up to date. */
  static async open(database: SqlDatabase, now: number): Promise<SqlStore> {
    await migrate(database);
    const store = new SqlStore(database);
    await store.db.deleteFrom('retired_tokens').where('expires_at', '<', now).execute();
    return store;
  }

  async createSession(session: Omit<SessionRecord, 'events'>): Promise<SessionRecord> {
    const requested: SessionEvent = { kind: 'requested', at: session.requestedAt };
    await this.newSessions.add(session);
    return { ...session, events: [requested] };
  }

  /** One transaction for every help request that came in while the last one was written. */
  private async insertSessions(sessions: readonly Omit<SessionRecord, 'events'>[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sessions')
        .values(
          sessions.map((session) => ({
            id: session.id,
            tenant: session.tenant,
            context: JSON.stringify(session.context),
            traits: JSON.stringify(session.traits),
            requested_at: session.requestedAt,
            user_id: session.context.userId ?? null,
            status: 'new',
            tier: session.traits.tier ?? 0,
          })),
        )
        .execute();
      await trx
        .insertInto('session_events')
        .values(sessions.map((session) => eventRow(session.id, { kind: 'requested', at: session.requestedAt })))
        .execute();
    });
  }

  async getSession(id: SessionId): Promise<SessionRecord | undefined> {
    await this.caughtUp();
    const row = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? (await this.withEvents([row]))[0] : undefined;
  }

  appendEvent(id: SessionId, event: SessionEvent): Promise<void> {
    return this.events.append(id, event);
  }

  whenWritten(): Promise<void> | undefined {
    return this.events.whenWritten();
  }

  /** Reads see every event appended before them, though events are committed in groups. */
  private async caughtUp(): Promise<void> {
    await this.events.whenWritten();
  }

  async openSessions(): Promise<SessionRecord[]> {
    await this.caughtUp();
    const rows = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('status', '<>', 'over')
      .orderBy('requested_at')
      .execute();
    return this.withEvents(rows);
  }

  async sessionsRequested(from: number, to: number): Promise<SessionRecord[]> {
    await this.caughtUp();
    const rows = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('requested_at', '>=', from)
      .where('requested_at', '<', to)
      .orderBy('requested_at')
      .execute();
    return this.withEvents(rows);
  }

  async figures(query: FiguresQuery, split?: FiguresSplit): Promise<Map<string, ServiceFigures>> {
    await this.caughtUp();
    return figuresByGroup(this.db, query, split);
  }

  async figuresUnhurried(
    query: Omit<FiguresQuery, 'agentId' | 'agentIds'>,
    sessionsPerSlice?: number,
  ): Promise<ServiceFigures> {
    await this.caughtUp();
    return figuresInSlices(this.db, query, sessionsPerSlice);
  }

  async timeToAnswer(
    from: number,
    to: number,
    serviceLevel: { targetMs: number; goal: number },
  ): Promise<TimeToAnswerReply> {
    await this.caughtUp();
    return timeToAnswerCharts(this.db, from, to, serviceLevel);
  }

  async searchSessions(search: HistorySearch): Promise<{ files: SessionFile[]; total: number }> {
    await this.caughtUp();
    const found = this.db.selectFrom('sessions as s').where((eb) => {
      return historyConditions(eb, search, this.dialect);
    });
    const [counted, rows] = await Promise.all([
      found.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      found
        .selectAll('s')
        .orderBy('s.requested_at', 'desc')
        .orderBy('s.id')
        .limit(search.limit)
        .offset(search.offset)
        .execute(),
    ]);
    return { files: await this.files(await this.withEvents(rows)), total: Number(counted.n) };
  }

  async sessionFile(id: SessionId): Promise<SessionFile | undefined> {
    const session = await this.getSession(id);
    return session ? (await this.files([session]))[0] : undefined;
  }

  async userSessions(
    tenant: string,
    userId: string,
    until: number,
    limit: number,
  ): Promise<{ files: SessionFile[]; total: number }> {
    await this.caughtUp();
    const found = this.db
      .selectFrom('sessions')
      .where('tenant', '=', tenant)
      .where('user_id', '=', userId)
      .where('requested_at', '<=', until);
    const [counted, rows] = await Promise.all([
      found.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      found.selectAll().orderBy('requested_at', 'desc').limit(limit).execute(),
    ]);
    return { files: await this.files(await this.withEvents(rows)), total: Number(counted.n) };
  }

  async lastAgentFor(tenant: string, userId: string): Promise<AgentId | undefined> {
    await this.caughtUp();
    const row = await this.db
      .selectFrom('session_events as e')
      .innerJoin('sessions as s', 's.id', 'e.session_id')
      .select('e.agent_id')
      .where('s.tenant', '=', tenant)
      .where('s.user_id', '=', userId)
      .where('e.kind', '=', 'accepted')
      .where('e.agent_id', 'is not', null)
      .orderBy('e.at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return (row?.agent_id ?? undefined) as AgentId | undefined;
  }

  async eraseFinished(scope: ErasureScope): Promise<{ deleted: number; open: number }> {
    await this.caughtUp();
    return this.db.transaction().execute(async (trx) => {
      let matching = trx.selectFrom('sessions').select(['id', 'status']);
      matching =
        'requestedBefore' in scope
          ? matching.where('requested_at', '<', scope.requestedBefore)
          : matching.where('tenant', '=', scope.tenant).where('user_id', '=', scope.userId);
      const rows = await matching.execute();
      const finished = rows.filter((r) => r.status === 'over').map((r) => r.id);
      for (const ids of chunks(finished)) {
        for (const table of SESSION_TABLES) await trx.deleteFrom(table).where('session_id', 'in', ids).execute();
        await trx.deleteFrom('sessions').where('id', 'in', ids).execute();
      }
      // Closed callbacks go the same way; open ones are still a promise to keep.
      let callbacks = trx.deleteFrom('callbacks').where('status', 'not in', ['scheduled', 'due']);
      callbacks =
        'requestedBefore' in scope
          ? callbacks.where('created_at', '<', scope.requestedBefore)
          : callbacks.where('tenant', '=', scope.tenant).where('user_id', '=', scope.userId);
      await callbacks.execute();
      return { deleted: finished.length, open: rows.length - finished.length };
    });
  }

  async addAgent(agent: NewAgent): Promise<AgentRecord> {
    const record: AgentRecord = { active: true, tokenGeneration: 0, ...agent, email: agent.email.toLowerCase() };
    const { id: _, ...changes } = agentToRow(record);
    // A known id is replaced (the demo agent at start-up); a second agent with the same e-mail fails.
    await this.db
      .insertInto('agents')
      .values(agentToRow(record))
      .onConflict((oc) => oc.column('id').doUpdateSet(changes))
      .execute();
    return record;
  }

  async updateAgent(id: AgentId, changes: AgentChanges): Promise<AgentRecord> {
    const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const updated = { ...(await this.existingAgent(id)), ...given };
    const { id: _, ...row } = agentToRow(updated);
    await this.db.updateTable('agents').set(row).where('id', '=', id).execute();
    return updated;
  }

  async revokeTokens(id: AgentId): Promise<AgentRecord> {
    const row = await this.db
      .updateTable('agents')
      .set((eb) => ({ token_generation: eb('token_generation', '+', 1) }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new Error(`no agent ${id}`);
    return agentFromRow(row);
  }

  async setFirstPassword(id: AgentId, passwordHash: string): Promise<boolean> {
    const result = await this.db
      .updateTable('agents')
      .set({ password_hash: passwordHash })
      .where('id', '=', id)
      .where('password_hash', '=', '')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  private async existingAgent(id: AgentId): Promise<AgentRecord> {
    const agent = await this.agent(id);
    if (!agent) throw new Error(`no agent ${id}`);
    return agent;
  }

  async agentByEmail(email: string): Promise<AgentRecord | undefined> {
    const row = await this.db
      .selectFrom('agents')
      .selectAll()
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst();
    return row && agentFromRow(row);
  }

  async agent(id: AgentId): Promise<AgentRecord | undefined> {
    const row = await this.db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();
    return row && agentFromRow(row);
  }

  async agents(): Promise<AgentRecord[]> {
    return (await this.db.selectFrom('agents').selectAll().orderBy('name').execute()).map(agentFromRow);
  }

  async rate(id: SessionId, rating: Rating): Promise<void> {
    const row = { score: rating.score, comment: rating.comment ?? null, at: rating.at };
    await this.db
      .insertInto('ratings')
      .values({ session_id: id, ...row })
      .onConflict((oc) => oc.column('session_id').doUpdateSet(row))
      .execute();
  }

  async addNote(id: SessionId, note: SessionNote): Promise<void> {
    await this.db
      .insertInto('session_notes')
      .values({ session_id: id, agent_id: note.agentId, body: note.body, at: note.at })
      .execute();
  }

  async setDisposition(id: SessionId, disposition: Disposition): Promise<void> {
    const row = { agent_id: disposition.agentId, code: disposition.code, at: disposition.at };
    await this.db
      .insertInto('dispositions')
      .values({ session_id: id, ...row })
      .onConflict((oc) => oc.column('session_id').doUpdateSet(row))
      .execute();
  }

  async retireToken(tokenId: string, retiredAt: number, expiresAt: number): Promise<void> {
    await this.db
      .insertInto('retired_tokens')
      .values({ token_id: tokenId, retired_at: retiredAt, expires_at: expiresAt })
      .onConflict((oc) => oc.column('token_id').doNothing())
      .execute();
  }

  async tokenRetiredAt(tokenId: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('retired_tokens')
      .select('retired_at')
      .where('token_id', '=', tokenId)
      .executeTakeFirst();
    return row ? Number(row.retired_at) : undefined;
  }

  async secret(key: string): Promise<Uint8Array> {
    // Nodes starting together agree on one value: the first insert wins, everyone reads it.
    await this.db
      .insertInto('settings')
      .values({ key, value: randomBytes(32).toString('base64') })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
    return Buffer.from(row.value, 'base64');
  }

  async claimFence(token: number): Promise<void> {
    // Strictly newer only: a token seen before (Redis restarted and counts from 1 again) is refused.
    const before = await this.db.selectFrom('engine_fence').select('token').where('id', '=', 1).executeTakeFirst();
    if (before && Number(before.token) >= token) throw new FencedOut(token, Number(before.token));
    await this.db
      .insertInto('engine_fence')
      .values({ id: 1, token })
      .onConflict((oc) => oc.column('id').doUpdateSet({ token }).where('engine_fence.token', '<', token))
      .execute();
    const row = await this.db.selectFrom('engine_fence').select('token').where('id', '=', 1).executeTakeFirstOrThrow();
    if (Number(row.token) !== token) throw new FencedOut(token, Number(row.token));
    this.fence = token;
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    await this.newSessions.settled();
    await this.events.settled();
    await this.db.destroy();
  }

  /** Sessions with their events, in the rows' order. */
  private async withEvents(rows: SessionRow[]): Promise<SessionRecord[]> {
    const events = new Map<string, SessionEvent[]>(rows.map((r) => [r.id, []]));
    for (const ids of chunks([...events.keys()])) {
      const found = await this.db
        .selectFrom('session_events')
        .select(['session_id', 'kind', 'at', 'agent_id', 'reason'])
        .where('session_id', 'in', ids)
        .orderBy('seq')
        .execute();
      for (const row of found) events.get(row.session_id)?.push(eventFromRow(row));
    }
    return rows.map((row) => sessionFromRow(row, events.get(row.id) ?? []));
  }

  /** Sessions with their rating, disposition and notes, three queries for any number of them. */
  private async files(sessions: SessionRecord[]): Promise<SessionFile[]> {
    const ratings = new Map<string, Rating>();
    const dispositions = new Map<string, Disposition>();
    const notes = new Map<string, SessionNote[]>();
    for (const ids of chunks(sessions.map((s) => s.id))) {
      const [r, d, n] = await Promise.all([
        this.db.selectFrom('ratings').selectAll().where('session_id', 'in', ids).execute(),
        this.db.selectFrom('dispositions').selectAll().where('session_id', 'in', ids).execute(),
        this.db.selectFrom('session_notes').selectAll().where('session_id', 'in', ids).orderBy('seq').execute(),
      ]);
      for (const row of r) ratings.set(row.session_id, ratingFromRow(row));
      for (const row of d) dispositions.set(row.session_id, dispositionFromRow(row));
      for (const row of n) notes.set(row.session_id, [...(notes.get(row.session_id) ?? []), noteFromRow(row)]);
    }
    return sessions.map((session) => {
      const rating = ratings.get(session.id);
      const disposition = dispositions.get(session.id);
      return {
        session,
        notes: notes.get(session.id) ?? [],
        ...(rating ? { rating } : {}),
        ...(disposition ? { disposition } : {}),
      };
    });
  }
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}
