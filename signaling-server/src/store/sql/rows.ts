import { type AgentId, AgentRole, Disposition, type SessionId } from '@lifeline/shared';
import type { Selectable } from 'kysely';
import type { EndReason } from '../../matching/types.js';
import type {
  AgentRecord,
  Disposition as DispositionRecord,
  Rating,
  SessionEvent,
  SessionNote,
  SessionRecord,
  TimelineKind,
} from '../types.js';
import type { Tables } from './database.js';

type Row<T extends keyof Tables> = Selectable<Tables[T]>;

/** JSON columns: text in SQLite, already parsed from jsonb by PostgreSQL. */
export const fromJson = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

export function agentFromRow(row: Row<'agents'>): AgentRecord {
  return {
    id: row.id as AgentId,
    email: row.email,
    name: row.name,
    passwordHash: row.password_hash,
    skills: fromJson(row.skills),
    team: row.team,
    role: AgentRole.parse(row.role),
    active: Boolean(Number(row.active)),
    tokenGeneration: Number(row.token_generation),
    avatarUrl: row.avatar_url ?? null,
  };
}

export function agentToRow(agent: AgentRecord): Row<'agents'> {
  return {
    id: agent.id,
    email: agent.email,
    name: agent.name,
    password_hash: agent.passwordHash,
    skills: JSON.stringify(agent.skills),
    team: agent.team,
    role: agent.role,
    active: agent.active,
    token_generation: agent.tokenGeneration,
    avatar_url: agent.avatarUrl ?? null,
  };
}

export function sessionFromRow(row: Row<'sessions'>, events: SessionEvent[]): SessionRecord {
  return {
    id: row.id as SessionId,
    tenant: row.tenant,
    context: fromJson(row.context),
    traits: fromJson(row.traits),
    requestedAt: Number(row.requested_at),
    events,
  };
}

export function eventFromRow(row: Pick<Row<'session_events'>, 'kind' | 'at' | 'agent_id' | 'reason'>): SessionEvent {
  return {
    kind: row.kind as TimelineKind,
    at: Number(row.at),
    ...(row.agent_id ? { agentId: row.agent_id as AgentId } : {}),
    ...(row.reason ? (row.kind === 'control' ? { detail: row.reason } : { reason: row.reason as EndReason }) : {}),
  };
}

export function ratingFromRow(row: Row<'ratings'>): Rating {
  return { score: Number(row.score), at: Number(row.at), ...(row.comment ? { comment: row.comment } : {}) };
}

export function noteFromRow(row: Pick<Row<'session_notes'>, 'agent_id' | 'body' | 'at'>): SessionNote {
  return { agentId: row.agent_id as AgentId, body: row.body, at: Number(row.at) };
}

export function dispositionFromRow(row: Row<'dispositions'>): DispositionRecord {
  return { agentId: row.agent_id as AgentId, code: Disposition.parse(row.code), at: Number(row.at) };
}
