import type { AgentId, AgentRole, Disposition as DispositionCode, SessionId, UserContext } from '@lifeline/shared';
import type { AgentSkills, EndReason, SessionEventKind } from '../matching/types.js';

/** `media_joined` / `media_left`: a party joined or left the session's LiveKit room. */
export type TimelineKind = 'requested' | SessionEventKind | 'media_connected' | 'media_joined' | 'media_left';

export interface SessionEvent {
  readonly kind: TimelineKind;
  readonly at: number;
  readonly agentId?: AgentId;
  readonly reason?: EndReason;
}

export interface SessionRecord {
  readonly id: SessionId;
  readonly tenant: string;
  readonly context: UserContext;
  /** Routing traits beyond the page context: product area, tier. */
  readonly traits: { readonly area?: string; readonly tier?: number; readonly lastAgentId?: AgentId };
  readonly requestedAt: number;
  readonly events: readonly SessionEvent[];
}

export interface Rating {
  readonly score: number;
  readonly comment?: string;
  readonly at: number;
}

export interface AgentRecord {
  readonly id: AgentId;
  readonly email: string;
  readonly name: string;
  readonly passwordHash: string;
  readonly skills: AgentSkills;
  readonly team: string;
  /** Supervisors also watch the floor and monitor live calls; admins also manage agents. */
  readonly role: AgentRole;
  /** A deactivated agent cannot sign in, and their tokens stop working. */
  readonly active: boolean;
  /** Tokens carry this number; bumping it (sign-out, deactivation) revokes every older token. */
  readonly tokenGeneration: number;
}

/** A new agent: active, with no token issued yet, unless said otherwise. */
export type NewAgent = Omit<AgentRecord, 'active' | 'tokenGeneration'> & Partial<AgentRecord>;

/** What an admin may change about an agent. */
export type AgentChanges = {
  [K in 'name' | 'skills' | 'role' | 'active' | 'passwordHash' | 'team']?: AgentRecord[K] | undefined;
};

/** An agent's note on a session, written during the call or at wrap-up. */
export interface SessionNote {
  readonly agentId: AgentId;
  readonly body: string;
  readonly at: number;
}

/** How the agent closed the session (wrap-up). */
export interface Disposition {
  readonly agentId: AgentId;
  readonly code: DispositionCode;
  readonly at: number;
}

/** Persistence, behind one interface so the embedded SQLite store can replace this one. */
export interface Store {
  createSession(session: Omit<SessionRecord, 'events'>): SessionRecord;
  getSession(id: SessionId): SessionRecord | undefined;
  appendEvent(id: SessionId, event: SessionEvent): void;
  sessions(): Iterable<SessionRecord>;
  addAgent(agent: NewAgent): AgentRecord;
  updateAgent(id: AgentId, changes: AgentChanges): AgentRecord;
  /** Revokes every token issued to the agent so far (sign-out, deactivation). */
  revokeTokens(id: AgentId): AgentRecord;
  agentByEmail(email: string): AgentRecord | undefined;
  agent(id: AgentId): AgentRecord | undefined;
  agents(): Iterable<AgentRecord>;
  /** The user's rating of a finished session; a second rating replaces the first. */
  rate(id: SessionId, rating: Rating): void;
  rating(id: SessionId): Rating | undefined;
  addNote(id: SessionId, note: SessionNote): void;
  notes(id: SessionId): readonly SessionNote[];
  /** The wrap-up's disposition; a second one replaces the first. */
  setDisposition(id: SessionId, disposition: Disposition): void;
  disposition(id: SessionId): Disposition | undefined;
  /** A refreshed sign-in retires the token it replaced (kept until that token's expiry). */
  retireToken(tokenId: string, retiredAt: number, expiresAt: number): void;
  tokenRetiredAt(tokenId: string): number | undefined;
  /** Deletes these sessions and everything about them (events, notes, rating, disposition). */
  deleteSessions(ids: readonly SessionId[]): void;
  /** A random secret kept with the data, created on first use. */
  secret(key: string): Uint8Array;
  close(): void;
}
