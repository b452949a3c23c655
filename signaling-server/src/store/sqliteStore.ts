import { randomBytes } from 'node:crypto';
import { type AgentId, AgentRole, type SessionId } from '@lifeline/shared';
import sqlite from 'node-sqlite3-wasm';
import type { EndReason } from '../matching/types.js';
import { ADDED_COLUMNS, SCHEMA } from './schema.js';
import type { AgentRecord, Rating, SessionEvent, SessionRecord, Store, TimelineKind } from './types.js';

type MutableSession = Omit<SessionRecord, 'events'> & { events: SessionEvent[] };
type Row = Record<string, string | number | null>;

/**
 * SQLite in one file (or `:memory:`). Every write goes to the file before the call returns, so
 * a killed process loses nothing; reads are served from a cache loaded at start-up.
 */
export class SqliteStore implements Store {
  private readonly db: InstanceType<typeof sqlite.Database>;
  private readonly sessionsById = new Map<SessionId, MutableSession>();
  private readonly agentsById = new Map<AgentId, AgentRecord>();

  constructor(path: string) {
    this.db = new sqlite.Database(path);
    this.db.exec(SCHEMA);
    this.addMissingColumns();
    this.load();
  }

  private addMissingColumns(): void {
    for (const { table, column, definition } of ADDED_COLUMNS) {
      const columns = this.db.all(`pragma table_info(${table})`) as Row[];
      if (!columns.some((c) => c.name === column))
        this.db.exec(`alter table ${table} add column ${column} ${definition}`);
    }
  }

  createSession(session: Omit<SessionRecord, 'events'>): SessionRecord {
    const requested: SessionEvent = { kind: 'requested', at: session.requestedAt };
    this.transaction(() => {
      this.db.run('insert into sessions (id, tenant, context, traits, requested_at) values (?, ?, ?, ?, ?)', [
        session.id,
        session.tenant,
        JSON.stringify(session.context),
        JSON.stringify(session.traits),
        session.requestedAt,
      ]);
      this.insertEvent(session.id, requested);
    });
    const record: MutableSession = { ...session, events: [requested] };
    this.sessionsById.set(session.id, record);
    return record;
  }

  getSession(id: SessionId): SessionRecord | undefined {
    return this.sessionsById.get(id);
  }

  appendEvent(id: SessionId, event: SessionEvent): void {
    const session = this.sessionsById.get(id);
    if (!session) return;
    this.insertEvent(id, event);
    session.events.push(event);
  }

  sessions(): Iterable<SessionRecord> {
    return this.sessionsById.values();
  }

  addAgent(agent: AgentRecord): void {
    this.db.run(
      'insert into agents (id, email, name, password_hash, skills, team, role) values (?, ?, ?, ?, ?, ?, ?)',
      [agent.id, agent.email, agent.name, agent.passwordHash, JSON.stringify(agent.skills), agent.team, agent.role],
    );
    this.agentsById.set(agent.id, agent);
  }

  agentByEmail(email: string): AgentRecord | undefined {
    const wanted = email.toLowerCase();
    for (const agent of this.agentsById.values()) if (agent.email === wanted) return agent;
    return undefined;
  }

  agent(id: AgentId): AgentRecord | undefined {
    return this.agentsById.get(id);
  }

  agents(): Iterable<AgentRecord> {
    return this.agentsById.values();
  }

  rate(id: SessionId, rating: Rating): void {
    this.db.run(
      'insert into ratings (session_id, score, comment, at) values (?, ?, ?, ?) ' +
        'on conflict(session_id) do update set score = excluded.score, comment = excluded.comment, at = excluded.at',
      [id, rating.score, rating.comment ?? null, rating.at],
    );
  }

  rating(id: SessionId): Rating | undefined {
    const row = this.db.get('select score, comment, at from ratings where session_id = ?', [id]) as Row | null;
    if (!row) return undefined;
    return { score: Number(row.score), at: Number(row.at), ...(row.comment ? { comment: String(row.comment) } : {}) };
  }

  /** A random secret kept in the database, created on first use (demo mode's token key). */
  secret(key: string): Uint8Array {
    const row = this.db.get('select value from settings where key = ?', [key]) as Row | null;
    if (row) return Buffer.from(String(row.value), 'base64');
    const value = randomBytes(32);
    this.db.run('insert into settings (key, value) values (?, ?)', [key, value.toString('base64')]);
    return value;
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  private insertEvent(id: SessionId, event: SessionEvent): void {
    this.db.run('insert into session_events (session_id, kind, at, agent_id, reason) values (?, ?, ?, ?, ?)', [
      id,
      event.kind,
      event.at,
      event.agentId ?? null,
      event.reason ?? null,
    ]);
  }

  private transaction(work: () => void): void {
    this.db.exec('begin');
    try {
      work();
      this.db.exec('commit');
    } catch (err) {
      this.db.exec('rollback');
      throw err;
    }
  }

  private load(): void {
    for (const row of this.db.all('select * from agents') as Row[]) {
      this.agentsById.set(String(row.id) as AgentId, {
        id: String(row.id) as AgentId,
        email: String(row.email),
        name: String(row.name),
        passwordHash: String(row.password_hash),
        skills: JSON.parse(String(row.skills)),
        team: String(row.team),
        role: AgentRole.parse(row.role),
      });
    }
    for (const row of this.db.all('select * from sessions order by requested_at') as Row[]) {
      this.sessionsById.set(String(row.id) as SessionId, {
        id: String(row.id) as SessionId,
        tenant: String(row.tenant),
        context: JSON.parse(String(row.context)),
        traits: JSON.parse(String(row.traits)),
        requestedAt: Number(row.requested_at),
        events: [],
      });
    }
    for (const row of this.db.all('select * from session_events order by seq') as Row[]) {
      this.sessionsById.get(String(row.session_id) as SessionId)?.events.push({
        kind: String(row.kind) as TimelineKind,
        at: Number(row.at),
        ...(row.agent_id ? { agentId: String(row.agent_id) as AgentId } : {}),
        ...(row.reason ? { reason: String(row.reason) as EndReason } : {}),
      });
    }
  }
}
