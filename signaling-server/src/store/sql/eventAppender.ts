import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { statusAfter } from '../status.js';
import { FencedOut, type SessionEvent } from '../types.js';
import type { Dialect, Tables } from './database.js';
import { GroupCommit } from './groupCommit.js';

/** About a minute of retries (250 ms doubling to 5 s) before a batch of events is given up. */
const WRITE_ATTEMPTS = 16;

interface Appended {
  sessionId: string;
  event: SessionEvent;
}

/**
 * Session events, appended in the order they came, by group commit: whatever queued up while one
 * transaction ran goes in the next, so a busy engine (thousands of users queueing) writes in a
 * few transactions what would otherwise be thousands, and nothing it announced waits long to be
 * durable. Each batch checks the fencing token once, under a shared lock.
 */
export class EventAppender {
  private readonly commits: GroupCommit<Appended>;
  /** Events appended so far, and how many of them are done with (written, or given up). */
  private appended = 0;
  private finished = 0;
  /** Promises of "written up to n", one per n asked about, oldest first. */
  private marks: Array<{ upTo: number; promise: Promise<void>; resolve: () => void }> = [];

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly dialect: Dialect,
    /** The engine owner's fencing token, once claimed (many nodes); unset on a single node. */
    private readonly fence: () => number | undefined,
  ) {
    this.commits = new GroupCommit(
      (batch) => withRetries(() => this.db.transaction().execute((trx) => this.writeBatch(trx, batch))),
      (size) => this.batchDone(size),
    );
  }

  append(sessionId: string, event: SessionEvent): Promise<void> {
    this.appended++;
    return this.commits.add({ sessionId, event });
  }

  /**
   * Resolves once every event appended so far is written (or given up); undefined when they all
   * are already. What the engine tells clients waits on this, so nothing a client was told can
   * be forgotten by the node that takes over after a crash.
   */
  whenWritten(): Promise<void> | undefined {
    if (this.finished === this.appended) return undefined;
    const last = this.marks.at(-1);
    if (last?.upTo === this.appended) return last.promise; // many frames, one event: one promise
    let resolve = () => {};
    const promise = new Promise<void>((done) => {
      resolve = done;
    });
    this.marks.push({ upTo: this.appended, promise, resolve });
    return promise;
  }

  /** Resolves once every event appended so far is written (or given up). */
  settled(): Promise<void> {
    return this.commits.settled();
  }

  private batchDone(size: number): void {
    this.finished += size;
    const reached = this.marks.filter((mark) => mark.upTo <= this.finished);
    if (reached.length) this.marks = this.marks.slice(reached.length);
    for (const mark of reached) mark.resolve();
  }

  private async writeBatch(trx: Transaction<Tables>, batch: readonly Appended[]): Promise<void> {
    const fence = this.fence();
    if (fence !== undefined) {
      // Read under a shared lock: a new owner's claim waits for this write, later writes see it.
      let current = trx.selectFrom('engine_fence').select('token').where('id', '=', 1);
      if (this.dialect === 'postgres') current = current.forShare();
      const token = Number((await current.executeTakeFirst())?.token ?? 0);
      if (token !== fence) throw new FencedOut(fence, token);
    }
    const ids = [...new Set(batch.map((p) => p.sessionId))];
    const known = new Set(
      (await trx.selectFrom('sessions').select('id').where('id', 'in', ids).execute()).map((row) => row.id),
    );
    const kept = batch.filter((p) => known.has(p.sessionId)); // erased meanwhile: nothing to add to
    if (!kept.length) return;
    await trx
      .insertInto('session_events')
      .values(kept.map((p) => eventRow(p.sessionId, p.event)))
      .execute();
    const changed = [...sessionChanges(kept)];
    for (let i = 0; i < changed.length; i += SESSIONS_PER_UPDATE)
      await updateSessions(trx, changed.slice(i, i + SESSIONS_PER_UPDATE));
  }
}

/** Sessions changed by one UPDATE: a few bound values each, well under either database's limit. */
const SESSIONS_PER_UPDATE = 500;

/**
 * One UPDATE for many sessions, each column set by `case id when ... then ...` (a session without
 * a change to that column keeps its value). A flash crowd's batch changes hundreds of sessions:
 * one statement each was most of the time the database took, and a round trip each on PostgreSQL.
 */
async function updateSessions(trx: Transaction<Tables>, changed: Array<[string, SessionChanges]>): Promise<void> {
  const columns = new Set(changed.flatMap(([, changes]) => Object.keys(changes) as Array<keyof SessionChanges>));
  const set: Record<string, RawBuilder<unknown>> = {};
  for (const column of columns) {
    const cases = changed.flatMap(([sessionId, changes]) => {
      const value = changes[column];
      return value === undefined ? [] : [sql`when ${sessionId} then ${value}`];
    });
    set[column] = sql`case id ${sql.join(cases, sql` `)} else ${sql.ref(column)} end`;
  }
  await trx
    .updateTable('sessions')
    .set(set)
    .where(
      'id',
      'in',
      changed.map(([sessionId]) => sessionId),
    )
    .execute();
}

type FactColumn = 'accepted_at' | 'media_at' | 'ended_at' | 'abandoned_at';
type SessionChanges = Partial<Record<FactColumn, RawBuilder<number>>> & {
  status?: string;
  accepted_by?: RawBuilder<string | null>;
};

/**
 * One update per session of the batch: its status after the batch (its last status-changing
 * event) and the figures' facts (migration 0004), each kept from the first event of its kind
 * ever, so a fact already on the row is not replaced.
 */
function sessionChanges(batch: readonly Appended[]): Map<string, SessionChanges> {
  const changes = new Map<string, SessionChanges>();
  for (const { sessionId, event } of batch) {
    const session: SessionChanges = changes.get(sessionId) ?? {};
    changes.set(sessionId, session);
    const status = statusAfter(event.kind);
    if (status) session.status = status;
    const column = FACT_COLUMNS[event.kind];
    if (!column || column in session) continue;
    session[column] = sql<number>`coalesce(${sql.ref(column)}, ${event.at})`;
    if (column === 'accepted_at')
      session.accepted_by = sql<
        string | null
      >`case when accepted_at is null then ${event.agentId ?? null} else accepted_by end`;
  }
  for (const [sessionId, session] of changes) if (Object.keys(session).length === 0) changes.delete(sessionId);
  return changes;
}

/** The session column that keeps when an event of this kind first happened. */
const FACT_COLUMNS: Partial<Record<SessionEvent['kind'], FactColumn>> = {
  accepted: 'accepted_at',
  media_connected: 'media_at',
  ended: 'ended_at',
  abandoned: 'abandoned_at',
};

export function eventRow(sessionId: string, event: SessionEvent) {
  return {
    session_id: sessionId,
    kind: event.kind,
    at: event.at,
    agent_id: event.agentId ?? null,
    reason: event.reason ?? event.detail ?? null,
  };
}

/**
 * A database that is briefly away (a restart, a failover) must not lose events: the batch is
 * tried again, and later events wait behind it, so order is kept. A fenced-out write is final.
 */
async function withRetries(write: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (err instanceof FencedOut || attempt >= WRITE_ATTEMPTS - 1) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** attempt, 5_000)).unref());
    }
  }
}
