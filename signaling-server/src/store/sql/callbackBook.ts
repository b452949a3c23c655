import type { AgentId, CallbackFigures, SessionId } from '@lifeline/shared';
import type { Kysely, Selectable } from 'kysely';
import type { CallbackOutcome, CallbackRecord, NewCallback } from '../../callbacks/types.js';
import type { Dialect, Tables } from './database.js';
import { fromJson } from './rows.js';

type Row = Selectable<Tables['callbacks']>;
const OPEN = ['scheduled', 'due'] as const;

function fromRow(row: Row): CallbackRecord {
  const orNull = (v: number | string | null) => (v === null ? null : Number(v));
  return {
    id: row.id,
    tenant: row.tenant,
    userId: row.user_id,
    user: fromJson(row.user_context),
    traits: fromJson(row.traits),
    kind: row.kind as CallbackRecord['kind'],
    status: row.status as CallbackRecord['status'],
    dueAt: Number(row.due_at),
    nextAt: Number(row.next_at),
    ownerId: row.owner_id as AgentId | null,
    note: row.note,
    handoff: row.handoff_from ? { fromId: row.handoff_from as AgentId, note: row.handoff_note ?? '' } : null,
    originSessionId: row.origin_session_id as SessionId | null,
    sessionId: row.session_id as SessionId | null,
    attempts: Number(row.attempts),
    createdAt: Number(row.created_at),
    closedAt: orNull(row.closed_at),
    closeReason: row.close_reason as CallbackRecord['closeReason'],
    servedBy: row.served_by as AgentId | null,
    answeredAt: orNull(row.answered_at),
  };
}

/**
 * Callbacks kept in the database, so no page, restart or crash loses one. Coming due is a
 * conditional update (`scheduled` -> `due`) inside one transaction, so with many nodes, or a
 * node and its successor, a callback rings once per attempt.
 */
export class CallbackBook {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly dialect: Dialect,
  ) {}

  async add(callback: NewCallback): Promise<CallbackRecord> {
    const row: Row = {
      id: callback.id,
      tenant: callback.tenant,
      user_id: callback.userId,
      user_context: JSON.stringify(callback.user),
      traits: JSON.stringify(callback.traits),
      kind: callback.kind,
      status: 'scheduled',
      due_at: callback.dueAt,
      next_at: callback.dueAt,
      owner_id: callback.ownerId,
      note: callback.note,
      handoff_from: callback.handoff?.fromId ?? null,
      handoff_note: callback.handoff?.note ?? null,
      origin_session_id: callback.originSessionId,
      session_id: null,
      attempts: 0,
      created_at: callback.createdAt,
      closed_at: null,
      close_reason: null,
      served_by: null,
      answered_at: null,
    };
    await this.db.insertInto('callbacks').values(row).execute();
    return fromRow(row);
  }

  async find(id: string): Promise<CallbackRecord | undefined> {
    const row = await this.db.selectFrom('callbacks').selectAll().where('id', '=', id).executeTakeFirst();
    return row && fromRow(row);
  }

  /** The callback a due session rings for. */
  async bySession(sessionId: SessionId): Promise<CallbackRecord | undefined> {
    const row = await this.db
      .selectFrom('callbacks')
      .selectAll()
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
    return row && fromRow(row);
  }

  /** An identified user's open callbacks, soonest first. */
  async openForUser(tenant: string, userId: string): Promise<CallbackRecord[]> {
    const rows = await this.db
      .selectFrom('callbacks')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('user_id', '=', userId)
      .where('status', 'in', OPEN)
      .orderBy('due_at')
      .execute();
    return rows.map(fromRow);
  }

  /** Open callbacks owned by this agent, or by the team (no owner) when `team` is set. */
  async openForOwner(agentId: AgentId, team: boolean): Promise<CallbackRecord[]> {
    const rows = await this.db
      .selectFrom('callbacks')
      .selectAll()
      .where('status', 'in', OPEN)
      .where((eb) =>
        team ? eb.or([eb('owner_id', '=', agentId), eb('owner_id', 'is', null)]) : eb('owner_id', '=', agentId),
      )
      .orderBy('due_at')
      .limit(500)
      .execute();
    return rows.map(fromRow);
  }

  /**
   * Callbacks due at `now`, each moved to `due` here: the caller rings each once. PostgreSQL
   * skips rows another node has locked; SQLite has one writer.
   */
  async claimDue(now: number, limit: number): Promise<CallbackRecord[]> {
    return this.db.transaction().execute(async (tx) => {
      let due = tx
        .selectFrom('callbacks')
        .selectAll()
        .where('status', '=', 'scheduled')
        .where('next_at', '<=', now)
        .orderBy('next_at')
        .limit(limit);
      if (this.dialect === 'postgres') due = due.forUpdate().skipLocked();
      const rows = await due.execute();
      if (!rows.length) return [];
      const ids = rows.map((r) => r.id);
      await tx
        .updateTable('callbacks')
        .set((eb) => ({ status: 'due', attempts: eb('attempts', '+', 1) }))
        .where('id', 'in', ids)
        .execute();
      return rows.map((r) => fromRow({ ...r, status: 'due', attempts: Number(r.attempts) + 1 }));
    });
  }

  /** Every callback that rang and is not settled yet (few: those in the live queue or a call). */
  async due(): Promise<CallbackRecord[]> {
    const rows = await this.db.selectFrom('callbacks').selectAll().where('status', '=', 'due').execute();
    return rows.map(fromRow);
  }

  /** When the next scheduled callback falls due, if any. */
  async nextDueAt(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('callbacks')
      .select((eb) => eb.fn.min('next_at').as('at'))
      .where('status', '=', 'scheduled')
      .executeTakeFirst();
    return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
  }

  /** The session that rings for this attempt. */
  async ringing(id: string, sessionId: SessionId): Promise<void> {
    await this.db.updateTable('callbacks').set({ session_id: sessionId }).where('id', '=', id).execute();
  }

  /**
   * Closes an open callback, or puts it back for a retry. Only an open one changes: a user's
   * cancel and a call's end racing each other leave one outcome. True when this one applied.
   */
  async settle(id: string, outcome: CallbackOutcome, at: number): Promise<boolean> {
    const changes =
      outcome.status === 'scheduled'
        ? { status: 'scheduled', next_at: outcome.nextAt, session_id: null }
        : outcome.status === 'done'
          ? {
              ...{ status: 'done', closed_at: at, close_reason: 'served' },
              ...{ served_by: outcome.servedBy, answered_at: outcome.answeredAt },
            }
          : { status: outcome.status, closed_at: at, close_reason: outcome.reason };
    const result = await this.db
      .updateTable('callbacks')
      .set(changes)
      .where('id', '=', id)
      .where('status', 'in', OPEN)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** A shift change: to a colleague (or the team, `to` null), with the note the next person reads. */
  async handOver(id: string, from: AgentId, to: AgentId | null, note: string): Promise<boolean> {
    const result = await this.db
      .updateTable('callbacks')
      .set({ owner_id: to, handoff_from: from, handoff_note: note })
      .where('id', '=', id)
      .where('status', '=', 'scheduled')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Open callbacks due in [from, to) per due time: what a slot still holds. */
  async bookedBetween(tenant: string, from: number, to: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('callbacks')
      .select('due_at')
      .where('tenant', '=', tenant)
      .where('status', 'in', OPEN)
      .where('due_at', '>=', from)
      .where('due_at', '<', to)
      .execute();
    return rows.map((r) => Number(r.due_at));
  }

  /** What was promised in [from, to) and how it was kept. */
  async figures(from: number, to: number, onTimeMs: number, tenant?: string): Promise<CallbackFigures> {
    let query = this.db
      .selectFrom('callbacks')
      .select((eb) => [
        eb.fn.countAll<number>().as('requested'),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when('answered_at', '<=', eb('due_at', '+', onTimeMs))
              .then(1)
              .else(0)
              .end(),
          )
          .as('onTime'),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when('answered_at', '>', eb('due_at', '+', onTimeMs))
              .then(1)
              .else(0)
              .end(),
          )
          .as('late'),
        eb.fn.sum<number>(eb.case().when('status', '=', 'missed').then(1).else(0).end()).as('missed'),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(eb.and([eb('served_by', 'is not', null), eb('served_by', '=', eb.ref('owner_id'))]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('sameAgent'),
      ])
      .where('created_at', '>=', from)
      .where('created_at', '<', to);
    if (tenant) query = query.where('tenant', '=', tenant);
    const row = await query.executeTakeFirst();
    const n = (v: unknown) => Number(v ?? 0);
    return {
      requested: n(row?.requested),
      keptOnTime: n(row?.onTime),
      late: n(row?.late),
      missed: n(row?.missed),
      sameAgent: n(row?.sameAgent),
    };
  }
}
