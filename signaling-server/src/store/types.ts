import type {
  AgentId,
  AgentRole,
  Disposition as DispositionCode,
  SessionId,
  TimeToAnswerReply,
  UserContext,
} from '@lifeline/shared';
import type { FiguresQuery, FiguresSplit, ServiceFigures } from '../analytics/figureTypes.js';
import type { AgentSkills, EndReason, SessionEventKind } from '../matching/types.js';
import type { CallbackBook } from './sql/callbackBook.js';
import type { WebhookQueue } from './sql/webhookQueue.js';

/**
 * `media_joined` / `media_left`: a party joined or left the session's LiveKit room;
 * `control`: the agent's control of the user's page (granted, a click, ...), as the page reported it.
 */
export type TimelineKind =
  | 'requested'
  | SessionEventKind
  | 'media_connected'
  | 'media_joined'
  | 'media_left'
  | 'control';

export interface SessionEvent {
  readonly kind: TimelineKind;
  readonly at: number;
  readonly agentId?: AgentId;
  readonly reason?: EndReason;
  /** `control` only: what happened and to what, e.g. `click: button “Pay now”` (kept in `reason`'s column). */
  readonly detail?: string;
}

export interface SessionRecord {
  readonly id: SessionId;
  readonly tenant: string;
  readonly context: UserContext;
  /** Routing traits beyond the page context: product area, tier. */
  readonly traits: {
    readonly area?: string;
    readonly tier?: number;
    readonly lastAgentId?: AgentId;
    /** A due callback's session: the callback it rings for, and its owner (offered first). */
    readonly callbackId?: string;
    readonly owner?: AgentId;
  };
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
  /** A photo of the agent (an https or data: URL) the user sees the moment the call is answered. */
  readonly avatarUrl?: string | null;
}

/** A new agent: active, with no token issued yet, unless said otherwise. */
export type NewAgent = Omit<AgentRecord, 'active' | 'tokenGeneration'> & Partial<AgentRecord>;

/** What an admin may change about an agent. */
export type AgentChanges = {
  [K in 'name' | 'skills' | 'role' | 'active' | 'passwordHash' | 'team' | 'avatarUrl']?: AgentRecord[K] | undefined;
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

/** A write refused because another node has taken over the engine since this one claimed it. */
export class FencedOut extends Error {
  constructor(
    readonly mine: number,
    /** The database's token: a newer owner's, or one left from before Redis lost its data. */
    readonly current: number,
  ) {
    super(`fenced out: this node holds engine token ${mine}, the database has ${current}`);
    this.name = 'FencedOut';
  }
}

/** A history line's material: the session with what agents and the user wrote about it. */
export interface SessionFile {
  readonly session: SessionRecord;
  readonly rating?: Rating;
  readonly disposition?: Disposition;
  readonly notes: readonly SessionNote[];
}

export interface HistorySearch {
  /** Only sessions this agent answered or took over; every session when absent. */
  readonly handledBy?: AgentId;
  /** Case-insensitive text: id, the user's name, e-mail, user id and page, notes, rating comment, disposition. */
  readonly text?: string;
  /** Requested in [from, to). */
  readonly from?: number;
  readonly to?: number;
  /** Answered or taken over by this agent (on top of `handledBy`). */
  readonly agentId?: AgentId;
  readonly disposition?: string;
  readonly rating?: number;
  readonly limit: number;
  readonly offset: number;
}

/** Which finished sessions to erase: one identified user's, or all requested before a time. */
export type ErasureScope = { readonly tenant: string; readonly userId: string } | { readonly requestedBefore: number };

/**
 * Persistence, behind one interface with two implementations of the same code (`SqlStore`):
 * the embedded SQLite file and PostgreSQL for many nodes. Every write is durable when its
 * promise resolves; events of one store are written in the order they were appended.
 */
export interface Store {
  /** Webhook deliveries to tenants' backends, kept until made. */
  readonly webhooks: WebhookQueue;
  /** Scheduled callbacks and promised follow-ups, kept until kept. */
  readonly callbacks: CallbackBook;
  createSession(session: Omit<SessionRecord, 'events'>): Promise<SessionRecord>;
  getSession(id: SessionId): Promise<SessionRecord | undefined>;
  appendEvent(id: SessionId, event: SessionEvent): Promise<void>;
  /** Resolves once every event appended so far is durable (or given up); undefined if none is pending. */
  whenWritten(): Promise<void> | undefined;
  /** Sessions that are not over (never connected, waiting, live), oldest first: what a restart restores. */
  openSessions(): Promise<SessionRecord[]>;
  /** Sessions requested in [from, to), oldest first, with their events. */
  sessionsRequested(from: number, to: number): Promise<SessionRecord[]>;
  /** The service figures per group of the split (one group, `''`, unsplit), by SQL aggregates. */
  figures(query: FiguresQuery, split?: FiguresSplit): Promise<Map<string, ServiceFigures>>;
  /**
   * The same figures (unsplit, not one agent's), read in slices with the event loop free between:
   * for work that can wait a little (the consoles' push), so it never holds up a call.
   * `sessionsPerSlice` defaults to a millisecond or two of the database's time.
   */
  figuresUnhurried(
    query: Omit<FiguresQuery, 'agentId' | 'agentIds'>,
    sessionsPerSlice?: number,
  ): Promise<ServiceFigures>;
  /** The time-to-answer charts of the sessions requested in [from, to), by SQL aggregates. */
  timeToAnswer(from: number, to: number, serviceLevel: { targetMs: number; goal: number }): Promise<TimeToAnswerReply>;
  /** History, newest first, with the total that matched. */
  searchSessions(search: HistorySearch): Promise<{ files: SessionFile[]; total: number }>;
  sessionFile(id: SessionId): Promise<SessionFile | undefined>;
  /** An identified user's sessions requested up to `until`, newest first. */
  userSessions(
    tenant: string,
    userId: string,
    until: number,
    limit: number,
  ): Promise<{ files: SessionFile[]; total: number }>;
  /** The agent who last answered this identified user, for continuity. */
  lastAgentFor(tenant: string, userId: string): Promise<AgentId | undefined>;
  /** Deletes the scope's finished sessions and everything about them; open ones are kept and counted. */
  eraseFinished(scope: ErasureScope): Promise<{ deleted: number; open: number }>;
  addAgent(agent: NewAgent): Promise<AgentRecord>;
  updateAgent(id: AgentId, changes: AgentChanges): Promise<AgentRecord>;
  /** Revokes every token issued to the agent so far (sign-out, deactivation). */
  revokeTokens(id: AgentId): Promise<AgentRecord>;
  /**
   * Sets the first password of an invited agent, once: false when it was already set (the
   * invitation was used), so two accepts racing cannot both succeed.
   */
  setFirstPassword(id: AgentId, passwordHash: string): Promise<boolean>;
  agentByEmail(email: string): Promise<AgentRecord | undefined>;
  agent(id: AgentId): Promise<AgentRecord | undefined>;
  agents(): Promise<AgentRecord[]>;
  /** The user's rating of a finished session; a second rating replaces the first. */
  rate(id: SessionId, rating: Rating): Promise<void>;
  addNote(id: SessionId, note: SessionNote): Promise<void>;
  /** The wrap-up's disposition; a second one replaces the first. */
  setDisposition(id: SessionId, disposition: Disposition): Promise<void>;
  /** A refreshed sign-in retires the token it replaced (kept until that token's expiry). */
  retireToken(tokenId: string, retiredAt: number, expiresAt: number): Promise<void>;
  tokenRetiredAt(tokenId: string): Promise<number | undefined>;
  /** A random secret kept with the data, created on first use (the same for every node). */
  secret(key: string): Promise<Uint8Array>;
  /**
   * This store writes for the engine owner holding `token`: once a newer token is claimed (by
   * another node), its event writes fail with `FencedOut`. Fails at once if a newer one exists.
   */
  claimFence(token: number): Promise<void>;
  /** Answers when the database does (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
