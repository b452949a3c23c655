/** Columns added after a table first shipped: added to older files at start-up. */
export const ADDED_COLUMNS: ReadonlyArray<{ table: string; column: string; definition: string }> = [
  { table: 'agents', column: 'role', definition: "text not null default 'agent'" },
  { table: 'agents', column: 'active', definition: 'integer not null default 1' },
  { table: 'agents', column: 'token_generation', definition: 'integer not null default 0' },
];

/** The embedded database's schema; every statement is idempotent so start-up can always run it. */
export const SCHEMA = `
  create table if not exists agents (
    id text primary key,
    email text not null unique,
    name text not null,
    password_hash text not null,
    skills text not null,
    team text not null default 'default',
    role text not null default 'agent',
    active integer not null default 1,
    token_generation integer not null default 0
  );
  create table if not exists sessions (
    id text primary key,
    tenant text not null,
    context text not null,
    traits text not null,
    requested_at integer not null
  );
  create table if not exists session_events (
    seq integer primary key autoincrement,
    session_id text not null references sessions(id),
    kind text not null,
    at integer not null,
    agent_id text,
    reason text
  );
  create index if not exists session_events_by_session on session_events(session_id, seq);
  create table if not exists ratings (
    session_id text primary key references sessions(id),
    score integer not null check (score between 1 and 5),
    comment text,
    at integer not null
  );
  create table if not exists session_notes (
    seq integer primary key autoincrement,
    session_id text not null references sessions(id),
    agent_id text not null,
    body text not null,
    at integer not null
  );
  create index if not exists session_notes_by_session on session_notes(session_id, seq);
  create table if not exists dispositions (
    session_id text primary key references sessions(id),
    agent_id text not null,
    code text not null,
    at integer not null
  );
  create table if not exists settings (
    key text primary key,
    value text not null
  );
`;
