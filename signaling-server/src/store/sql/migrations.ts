import { type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import type { Database, Dialect } from './database.js';

/** Column types that differ between the two databases. */
const TYPES = {
  sqlite: {
    json: 'text',
    time: 'integer',
    bool: 'integer not null default 1',
    serial: 'integer primary key autoincrement',
  },
  postgres: { json: 'jsonb', time: 'bigint', bool: 'boolean not null default true', serial: 'bigserial primary key' },
} as const;

async function run(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** The tables as the first release shipped them (`if not exists`: files made before migrations adopt them). */
function initial(dialect: Dialect): Migration {
  const t = TYPES[dialect];
  return {
    up: async (db) => {
      await run(db, [
        `create table if not exists agents (id text primary key, email text not null unique, name text not null,
          password_hash text not null, skills ${t.json} not null, team text not null default 'default',
          role text not null default 'agent', active ${t.bool}, token_generation integer not null default 0)`,
        `create table if not exists sessions (id text primary key, tenant text not null, context ${t.json} not null,
          traits ${t.json} not null, requested_at ${t.time} not null)`,
        `create table if not exists session_events (seq ${t.serial}, session_id text not null references sessions(id),
          kind text not null, at ${t.time} not null, agent_id text, reason text)`,
        'create index if not exists session_events_by_session on session_events(session_id, seq)',
        `create table if not exists ratings (session_id text primary key references sessions(id),
          score integer not null check (score between 1 and 5), comment text, at ${t.time} not null)`,
        `create table if not exists session_notes (seq ${t.serial}, session_id text not null references sessions(id),
          agent_id text not null, body text not null, at ${t.time} not null)`,
        'create index if not exists session_notes_by_session on session_notes(session_id, seq)',
        `create table if not exists dispositions (session_id text primary key references sessions(id),
          agent_id text not null, code text not null, at ${t.time} not null)`,
        'create table if not exists settings (key text primary key, value text not null)',
        `create table if not exists retired_tokens (token_id text primary key, retired_at ${t.time} not null,
          expires_at ${t.time} not null)`,
      ]);
      if (dialect === 'sqlite') await addLegacyAgentColumns(db);
    },
  };
}

/** SQLite files from before agent roles had no role, active or token_generation columns. */
async function addLegacyAgentColumns(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ name: string }>`pragma table_info(agents)`.execute(db);
  const have = new Set(rows.map((r) => r.name));
  const wanted = {
    role: "text not null default 'agent'",
    active: 'integer not null default 1',
    token_generation: 'integer not null default 0',
  };
  for (const [column, definition] of Object.entries(wanted))
    if (!have.has(column)) await sql.raw(`alter table agents add column ${column} ${definition}`).execute(db);
}

/**
 * What the request paths look up, so none of them scans the history: a session's status (open
 * sessions at start-up), its identified user (returning users, erasure), its request time
 * (figures, retention) and the agents who handled it (an agent's history, the previous agent).
 */
function sessionLookups(dialect: Dialect): Migration {
  const userIdOfContext = dialect === 'sqlite' ? "json_extract(context, '$.userId')" : "context->>'userId'";
  return {
    up: async (db) => {
      await run(db, [
        'alter table sessions add column user_id text',
        "alter table sessions add column status text not null default 'new'",
        `update sessions set user_id = ${userIdOfContext}`,
        `update sessions set status = coalesce((
           select case kind when 'ended' then 'over' when 'abandoned' then 'over' when 'accepted' then 'live'
                  else 'waiting' end
           from session_events e
           where e.session_id = sessions.id
             and kind in ('ended', 'abandoned', 'accepted', 'queued', 'requeued', 'callback_requested')
           order by seq desc limit 1), 'new')`,
        'create index if not exists sessions_by_user on sessions(tenant, user_id, requested_at)',
        'create index if not exists sessions_by_request_time on sessions(requested_at)',
        dialect === 'postgres'
          ? "create index if not exists sessions_open on sessions(status) where status <> 'over'"
          : 'create index if not exists sessions_by_status on sessions(status)',
        'create index if not exists session_events_by_agent on session_events(agent_id, kind, session_id)',
        'create index if not exists retired_tokens_by_expiry on retired_tokens(expires_at)',
      ]);
    },
  };
}

/** The engine owner's fencing token (see `EngineLease`): one row, only ever raised. */
function engineFence(dialect: Dialect): Migration {
  return {
    up: async (db) => {
      await run(db, [
        `create table if not exists engine_fence (id integer primary key check (id = 1), token ${TYPES[dialect].time} not null)`,
      ]);
    },
  };
}

/**
 * What the figures read, kept on the session row as its events arrive, so `/api/stats` is SQL
 * aggregates over the request-time index instead of a replay of every event: the tier, the
 * first answer (when, by whom), the first media, the end and the abandonment.
 */
function sessionFacts(dialect: Dialect): Migration {
  const t = TYPES[dialect];
  const tierOfTraits =
    dialect === 'sqlite' ? "coalesce(json_extract(traits, '$.tier'), 0)" : "coalesce((traits->>'tier')::integer, 0)";
  const firstEvent = (column: string, kind: string) =>
    `(select ${column} from session_events e where e.session_id = sessions.id and e.kind = '${kind}' order by e.seq limit 1)`;
  return {
    up: async (db) => {
      await run(db, [
        'alter table sessions add column tier integer not null default 0',
        `alter table sessions add column accepted_at ${t.time}`,
        'alter table sessions add column accepted_by text',
        `alter table sessions add column media_at ${t.time}`,
        `alter table sessions add column ended_at ${t.time}`,
        `alter table sessions add column abandoned_at ${t.time}`,
        `update sessions set tier = ${tierOfTraits},
           accepted_at = ${firstEvent('at', 'accepted')}, accepted_by = ${firstEvent('agent_id', 'accepted')},
           media_at = ${firstEvent('at', 'media_connected')}, ended_at = ${firstEvent('at', 'ended')},
           abandoned_at = ${firstEvent('at', 'abandoned')}`,
        'create index if not exists session_events_by_kind on session_events(kind, session_id)',
      ]);
    },
  };
}

/** Webhook deliveries still to make, and those made or given up lately (see `WebhookQueue`). */
function webhookDeliveries(dialect: Dialect): Migration {
  const t = TYPES[dialect];
  return {
    up: async (db) => {
      await run(db, [
        `create table if not exists webhook_deliveries (id text primary key, tenant text not null, body text not null,
          created_at ${t.time} not null, status text not null default 'pending', next_attempt_at ${t.time} not null,
          attempts integer not null default 0, finished_at ${t.time}, last_error text)`,
        'create index if not exists webhook_deliveries_due on webhook_deliveries(status, next_attempt_at)',
      ]);
    },
  };
}

/** Callbacks kept by the server: due ones found by time, a user's and an owner's open ones by key. */
function callbacks(dialect: Dialect): Migration {
  const t = TYPES[dialect];
  return {
    up: async (db) => {
      await run(db, [
        `create table if not exists callbacks (id text primary key, tenant text not null, user_id text not null,
          user_context ${t.json} not null, traits ${t.json} not null, kind text not null, status text not null,
          due_at ${t.time} not null, next_at ${t.time} not null, owner_id text, note text not null default '',
          handoff_from text, handoff_note text, origin_session_id text, session_id text,
          attempts integer not null default 0, created_at ${t.time} not null, closed_at ${t.time},
          close_reason text, served_by text, answered_at ${t.time})`,
        'create index if not exists callbacks_due on callbacks(status, next_at)',
        'create index if not exists callbacks_by_user on callbacks(tenant, user_id, status)',
        'create index if not exists callbacks_by_owner on callbacks(owner_id, status)',
        'create index if not exists callbacks_by_session on callbacks(session_id)',
        'create index if not exists callbacks_by_due_time on callbacks(tenant, due_at)',
      ]);
    },
  };
}

/** Agents' photos, shown to the user when the call is answered (a column that exists is kept). */
function agentAvatars(dialect: Dialect): Migration {
  return {
    up: async (db) => {
      if (dialect === 'postgres') return run(db, ['alter table agents add column if not exists avatar_url text']);
      const { rows } = await sql<{ name: string }>`pragma table_info(agents)`.execute(db);
      if (!rows.some((r) => r.name === 'avatar_url')) await run(db, ['alter table agents add column avatar_url text']);
    },
  };
}

function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_initial': initial(dialect),
    '0002_session_lookups': sessionLookups(dialect),
    '0003_engine_fence': engineFence(dialect),
    '0004_session_facts': sessionFacts(dialect),
    '0005_webhook_deliveries': webhookDeliveries(dialect),
    '0006_callbacks': callbacks(dialect),
    '0007_agent_avatars': agentAvatars(dialect),
  };
}

/**
 * Brings the schema up to date with Kysely's migrator: each migration runs once, in order, under
 * the migrator's lock (PostgreSQL: an advisory lock), so nodes starting together do not race.
 */
export async function migrate({ db, dialect }: Database): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}
