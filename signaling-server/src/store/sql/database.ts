import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { sqliteDatabase } from './sqliteAdapter.js';

/** Which database a store talks to: the embedded file, or PostgreSQL for many nodes. */
export type Dialect = 'sqlite' | 'postgres';

/**
 * The tables as the code reads them. Times are epoch milliseconds. JSON columns are text in
 * SQLite and jsonb in PostgreSQL; booleans are 0/1 in SQLite: rows are converted in `rows.ts`.
 */
export interface Tables {
  agents: {
    id: string;
    email: string;
    name: string;
    password_hash: string;
    skills: unknown;
    team: string;
    role: string;
    active: number | boolean;
    token_generation: number;
    avatar_url: string | null;
  };
  sessions: {
    id: string;
    tenant: string;
    context: unknown;
    traits: unknown;
    requested_at: number;
    /** The identified user (from the signed identity), for returning-user and erasure lookups. */
    user_id: string | null;
    /** new | waiting | live | over, kept with each event so open sessions need no scan. */
    status: string;
    /** Facts the figures aggregate, set from the first event of each kind (see migration 0004). */
    tier: number;
    accepted_at: number | null;
    accepted_by: string | null;
    media_at: number | null;
    ended_at: number | null;
    abandoned_at: number | null;
  };
  session_events: {
    seq: GeneratedSeq;
    session_id: string;
    kind: string;
    at: number;
    agent_id: string | null;
    reason: string | null;
  };
  ratings: { session_id: string; score: number; comment: string | null; at: number };
  session_notes: { seq: GeneratedSeq; session_id: string; agent_id: string; body: string; at: number };
  dispositions: { session_id: string; agent_id: string; code: string; at: number };
  settings: { key: string; value: string };
  retired_tokens: { token_id: string; retired_at: number; expires_at: number };
  webhook_deliveries: {
    id: string;
    tenant: string;
    /** The JSON exactly as sent: the signature covers these bytes. */
    body: string;
    created_at: number;
    /** pending | delivered | failed (given up). */
    status: string;
    next_attempt_at: number;
    attempts: number;
    finished_at: number | null;
    last_error: string | null;
  };
  /** Scheduled callbacks and promised follow-ups (see `CallbackBook`). */
  callbacks: {
    id: string;
    tenant: string;
    user_id: string;
    user_context: unknown;
    traits: unknown;
    kind: string;
    /** scheduled | due | done | cancelled | missed */
    status: string;
    due_at: number;
    next_at: number;
    owner_id: string | null;
    note: string;
    handoff_from: string | null;
    handoff_note: string | null;
    origin_session_id: string | null;
    session_id: string | null;
    attempts: number;
    created_at: number;
    closed_at: number | null;
    close_reason: string | null;
    served_by: string | null;
    answered_at: number | null;
  };
  /** One row: the fencing token of the node that runs the engine now. */
  engine_fence: { id: number; token: number };
}

/** A column the database numbers itself. */
type GeneratedSeq = import('kysely').Generated<number>;

export interface Database {
  readonly db: Kysely<Tables>;
  readonly dialect: Dialect;
}

export function openSqlite(path: string): Database {
  return {
    db: new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqliteDatabase(path) }) }),
    dialect: 'sqlite',
  };
}

/** Big integers (epoch ms, counts) come back as numbers: every one we store fits in 2^53. */
const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? Number : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export function openPostgres(url: string, poolSize = 10): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types, connectionTimeoutMillis: 5_000 });
  // An idle client losing its server (a restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // So must a client that loses it while checked out between two statements: the statement in
  // flight fails (and is retried or answered 503); the error event itself is not fatal.
  pool.on('connect', (client) => client.on('error', () => {}));
  return { db: new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
}
