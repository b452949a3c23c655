import { randomBytes } from 'node:crypto';
import { type AgentId, AgentRole, Disposition, type SessionId } from '@lifeline/shared';
import sqlite from 'node-sqlite3-wasm';
import { type Clock, systemClock } from '../clock.js';
import type { EndReason } from '../matching/types.js';
import { eraseSessions, RetiredTokens } from './erasure.js';
import { ADDED_COLUMNS, SCHEMA } from './schema.js';
import type {
  AgentChanges,
  AgentRecord,
  Disposition as DispositionRecord,
  NewAgent,
  Rating,
  SessionEvent,
  SessionNote,
  SessionRecord,
  Store,
  TimelineKind,
} from './types.js';

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
  private readonly notesBySession = new Map<SessionId, SessionNote[]>();
  private readonly dispositions = new Map<SessionId, DispositionRecord>();
  private readonly ratings = new Map<SessionId, Rating>();

  private readonly retiredTokens: RetiredTokens;

  constructor(path: string, clock: Clock = systemClock) {
    this.db = new sqlite.Database(path);
    this.db.exec(SCHEMA);
    this.addMissingColumns();
    this.load();
    this.retiredTokens = new RetiredTokens(this.db, clock.now());
  }

  retireToken(tokenId: string, retiredAt: number, expiresAt: number): void {
    this.retiredTokens.retire(tokenId, retiredAt, expiresAt);
  }

  tokenRetiredAt(tokenId: string): number | undefined {
    return this.retiredTokens.retiredAt(tokenId);
  }

  deleteSessions(ids: readonly SessionId[]): void {
    eraseSessions(this.db, ids);
    for (const id of ids) {
      this.sessionsById.delete(id);
      this.notesBySession.delete(id);
      this.dispositions.delete(id);
      this.ratings.delete(id);
    }
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

  addAgent(agent: NewAgent): AgentRecord {
    return this.writeAgent({ active: true, tokenGeneration: 0, ...agent, email: agent.email.toLowerCase() });
  }

  updateAgent(id: AgentId, changes: AgentChanges): AgentRecord {
    const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    return this.writeAgent({ ...this.existingAgent(id), ...given });
  }

  revokeTokens(id: AgentId): AgentRecord {
    const current = this.existingAgent(id);
    return this.writeAgent({ ...current, tokenGeneration: current.tokenGeneration + 1 });
  }

  private existingAgent(id: AgentId): AgentRecord {
    const current = this.agentsById.get(id);
    if (!current) throw new Error(`no agent ${id}`);
    return current;
  }

  /** Inserts a new agent or replaces a known one (same id); a second agent with the same e-mail fails. */
  private writeAgent(agent: AgentRecord): AgentRecord {
    this.db.run(
      'insert into agents (id, email, name, password_hash, skills, team, role, active, token_generation) ' +
        'values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict(id) do update set email = excluded.email, name = excluded.name, ' +
        'password_hash = excluded.password_hash, skills = excluded.skills, team = excluded.team, ' +
        'role = excluded.role, active = excluded.active, token_generation = excluded.token_generation',
      [
        agent.id,
        agent.email,
        agent.name,
        agent.passwordHash,
        JSON.stringify(agent.skills),
        agent.team,
        agent.role,
        agent.active ? 1 : 0,
        agent.tokenGeneration,
      ],
    );
    this.agentsById.set(agent.id, agent);
    return agent;
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
    this.ratings.set(id, rating);
  }

  rating(id: SessionId): Rating | undefined {
    return this.ratings.get(id);
  }

  addNote(id: SessionId, note: SessionNote): void {
    this.db.run('insert into session_notes (session_id, agent_id, body, at) values (?, ?, ?, ?)', [
      id,
      note.agentId,
      note.body,
      note.at,
    ]);
    this.pushNote(id, note);
  }

  notes(id: SessionId): readonly SessionNote[] {
    return this.notesBySession.get(id) ?? [];
  }

  setDisposition(id: SessionId, disposition: DispositionRecord): void {
    this.db.run(
      'insert into dispositions (session_id, agent_id, code, at) values (?, ?, ?, ?) ' +
        'on conflict(session_id) do update set agent_id = excluded.agent_id, code = excluded.code, at = excluded.at',
      [id, disposition.agentId, disposition.code, disposition.at],
    );
    this.dispositions.set(id, disposition);
  }

  disposition(id: SessionId): DispositionRecord | undefined {
    return this.dispositions.get(id);
  }

  private pushNote(id: SessionId, note: SessionNote): void {
    const notes = this.notesBySession.get(id);
    if (notes) notes.push(note);
    else this.notesBySession.set(id, [note]);
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
        active: Number(row.active) === 1,
        tokenGeneration: Number(row.token_generation),
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
    this.loadWrapUps();
  }

  /** Ratings, notes and dispositions: read once, then kept beside the sessions they belong to. */
  private loadWrapUps(): void {
    for (const row of this.db.all('select * from ratings') as Row[]) {
      this.ratings.set(String(row.session_id) as SessionId, {
        score: Number(row.score),
        at: Number(row.at),
        ...(row.comment ? { comment: String(row.comment) } : {}),
      });
    }
    for (const row of this.db.all('select * from session_notes order by seq') as Row[]) {
      this.pushNote(String(row.session_id) as SessionId, {
        agentId: String(row.agent_id) as AgentId,
        body: String(row.body),
        at: Number(row.at),
      });
    }
    for (const row of this.db.all('select * from dispositions') as Row[]) {
      this.dispositions.set(String(row.session_id) as SessionId, {
        agentId: String(row.agent_id) as AgentId,
        code: Disposition.parse(row.code),
        at: Number(row.at),
      });
    }
  }
}
