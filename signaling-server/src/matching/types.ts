import type { AgentId, AgentPresence, EndReason, SessionId } from '@lifeline/shared';
import type { QueueList } from './queueList.js';
import type { ShardedMap } from './shardedMap.js';

export type { AgentPresence };

export interface AgentSkills {
  /** BCP 47 primary language tags the agent speaks, e.g. ['en', 'fr']. */
  readonly languages: readonly string[];
  /** Product areas the agent covers, e.g. ['billing']. */
  readonly areas: readonly string[];
}

export interface AgentState {
  readonly id: AgentId;
  readonly presence: AgentPresence;
  /** When the agent last became available: longest idle is offered first. */
  readonly idleSince: number;
  /** The session offered to or in a call with this agent. */
  readonly sessionId?: SessionId;
  readonly awayReason?: string;
  readonly missedInRow: number;
  readonly skills: AgentSkills;
  /** The console's socket dropped: offered nothing, but keeps its call, for the grace period. */
  readonly offline?: true;
}

/** What routing knows about a request: all optional. */
export interface RequestTraits {
  readonly language?: string;
  readonly area?: string;
  /** 0 = standard; higher tiers are served earlier, within the aging bound. */
  readonly tier?: number;
  /** The agent who helped this identified user last time. */
  readonly lastAgentId?: AgentId;
  /** A promised follow-up's owner: offered only to them for `callbackOwnerWaitMs`, whatever their state. */
  readonly owner?: AgentId;
}

export interface WaitingUser {
  readonly sessionId: SessionId;
  readonly enqueuedAt: number;
  /** Queue order: arrival time, moved earlier by the tier boost (never more than the bound). */
  readonly sortKey: number;
  readonly traits: RequestTraits;
  readonly offeredTo?: AgentId;
  readonly declinedBy: readonly AgentId[];
  /** Asked to be called back: offered even after the page closed, and never abandoned for it. */
  readonly callback?: true;
}

export interface EngineConfig {
  readonly offerTimeoutMs: number;
  /** Missed offers in a row after which an agent is set away. */
  readonly maxMissedOffers: number;
  /** After a call the agent is in wrap-up this long before the next offer (0 = none). */
  readonly wrapUpMs: number;
  /** A disconnected user keeps their place (or call) this long; a disconnected agent their call. */
  readonly reconnectGraceMs: number;
  /** How long a request waits for an agent with its language and area before taking anyone. */
  readonly skillFallbackMs: number;
  /** How long a returning user waits for their previous agent. */
  readonly continuityWaitMs: number;
  /** Per tier step, how much earlier a request is served (the most a lower tier waits extra). */
  readonly tierBoostMs: number;
  /** How long a callback request is kept before it is closed unanswered. */
  readonly callbackTtlMs: number;
  /** How long a due follow-up waits for its owner before going to a colleague with the skills. */
  readonly callbackOwnerWaitMs: number;
  /** How long a due callback an agent accepted rings on the user's side before it counts as unanswered. */
  readonly callbackRingMs: number;
  /**
   * How long a help request refused in a flash crowd keeps its place: asked again within this with
   * the refusal's ticket, the user is placed by when they were refused.
   */
  readonly placeHeldMs: number;
}

export interface EngineState {
  readonly config: EngineConfig;
  readonly agents: ReadonlyMap<string, AgentState>;
  /** Waiting users, served first to last (an offered user stays in place until accepted). */
  readonly queue: QueueList<WaitingUser>;
  /** Each waiting user's order key, by session: finds them in the queue without reading it all. */
  readonly queued: ShardedMap<number>;
  /** Live calls: session -> agent. */
  readonly calls: ReadonlyMap<string, AgentId>;
  /** Users whose socket dropped and who are within their grace period. */
  readonly offline: ReadonlyMap<string, true>;
  /** Calls being handed to another agent: session -> the pending transfer. */
  readonly transfers: ReadonlyMap<string, PendingTransfer>;
}

/** A warm transfer: the user stays with `from` until `to` accepts. */
export interface PendingTransfer {
  readonly from: AgentId;
  readonly to: AgentId;
  readonly note: string;
}

/** Who a call is handed to: one agent, or the longest-idle agent with a skill. */
export type TransferTarget = { agentId: AgentId } | { area?: string | undefined; language?: string | undefined };

export type TransferFailure = 'declined' | 'timeout' | 'cancelled';

/** A user who was waiting when the engine last stopped. */
export interface RestoredUser {
  sessionId: SessionId;
  enqueuedAt: number;
  traits?: RequestTraits;
  /** When the user asked to be called back, if they did. */
  callbackAt?: number;
}

export type EngineEvent =
  | { type: 'agent.online'; agentId: AgentId; skills?: AgentSkills }
  | { type: 'agent.available'; agentId: AgentId }
  | { type: 'agent.away'; agentId: AgentId; reason?: string }
  | { type: 'agent.wrapUpDone'; agentId: AgentId }
  | { type: 'agent.disconnected'; agentId: AgentId }
  /** The agent's console did not come back within the grace period: they are gone. */
  | { type: 'agent.graceExpired'; agentId: AgentId }
  /** After a restart: a call that was live goes on, both parties offline until they reconnect. */
  | { type: 'call.restored'; sessionId: SessionId; agentId: AgentId; skills?: AgentSkills }
  /**
   * The widget connected. Its place is by when help was asked for (`requestedAt`), so a flash
   * crowd's sockets connecting out of order do not reorder the queue.
   */
  | { type: 'user.enqueued'; sessionId: SessionId; traits?: RequestTraits; requestedAt?: number }
  /** The waiting users, rebuilt from the store after a restart or a takeover, in one step. */
  | { type: 'queue.restored'; users: readonly RestoredUser[] }
  | { type: 'user.callbackExpired'; sessionId: SessionId }
  | { type: 'user.disconnected'; sessionId: SessionId }
  | { type: 'user.callbackRequested'; sessionId: SessionId; traits?: RequestTraits }
  /**
   * A scheduled callback came due: queued by its due time, rung for even though the user's page
   * is not connected (they answer from wherever they are in the product).
   */
  | { type: 'callback.due'; sessionId: SessionId; traits?: RequestTraits; dueAt: number }
  /** An agent took a due callback and the user's side rang for `callbackRingMs` unanswered. */
  | { type: 'callback.unanswered'; sessionId: SessionId }
  | { type: 'user.graceExpired'; sessionId: SessionId }
  | {
      type: 'user.cancelled';
      sessionId: SessionId;
      reason: 'user_cancelled' | 'user_disconnected' | 'callback_scheduled';
    }
  | { type: 'offer.accepted'; sessionId: SessionId; agentId: AgentId }
  | { type: 'offer.declined'; sessionId: SessionId; agentId: AgentId }
  | { type: 'offer.timedOut'; sessionId: SessionId; agentId: AgentId }
  | { type: 'queue.recheck' }
  | { type: 'transfer.requested'; sessionId: SessionId; fromAgentId: AgentId; to: TransferTarget; note: string }
  | {
      type: 'call.ended';
      sessionId: SessionId;
      reason: 'user_ended' | 'agent_ended' | 'user_disconnected' | 'media_ended';
    };

export type SessionEventKind =
  | 'queued'
  | 'offered'
  | 'declined'
  | 'offer_timeout'
  | 'accepted'
  | 'requeued'
  | 'callback_requested'
  | 'abandoned'
  | 'ended'
  | 'transfer_offered'
  | 'transfer_failed'
  | 'transferred';

/** Why a session ended: one word list, the wire's own (`@lifeline/shared`). */
export type { EndReason };

export type Effect =
  | { type: 'offerToAgent'; agentId: AgentId; sessionId: SessionId; expiresAt: number; callback: boolean }
  | { type: 'revokeOffer'; agentId: AgentId; sessionId: SessionId; reason: 'timeout' | 'cancelled' | 'declined' }
  | { type: 'startCall'; sessionId: SessionId; agentId: AgentId }
  | { type: 'endCall'; sessionId: SessionId; agentId: AgentId; reason: EndReason }
  | { type: 'requeueUser'; sessionId: SessionId; reason: 'agent_disconnected' }
  | {
      type: 'offerTransfer';
      sessionId: SessionId;
      from: AgentId;
      to: AgentId;
      note: string;
      expiresAt: number;
    }
  /** The new agent accepted: the call is theirs now. */
  | { type: 'transferCall'; sessionId: SessionId; from: AgentId; to: AgentId; note: string }
  | { type: 'transferFailed'; sessionId: SessionId; from: AgentId; to: AgentId; reason: TransferFailure }
  /** Every waiting user from this index on has a new position (1-based position = index + 1). */
  | { type: 'positionsChanged'; fromIndex: number }
  /** A user who just joined or came back: told their place at once. */
  | { type: 'notifyPosition'; sessionId: SessionId; position: number }
  | { type: 'notifyNoAgents'; sessionId: SessionId }
  | { type: 'agentPresence'; agentId: AgentId; presence: AgentPresence; until?: number }
  | { type: 'scheduleTimer'; key: string; at: number; event: EngineEvent }
  | { type: 'cancelTimer'; key: string }
  | {
      type: 'recordEvent';
      sessionId: SessionId;
      kind: SessionEventKind;
      at: number;
      agentId?: AgentId;
      reason?: EndReason;
    }
  | { type: 'rejected'; code: 'invalid_state'; message: string };

export interface StepResult {
  readonly state: EngineState;
  readonly effects: readonly Effect[];
}

/** Nobody declined yet: one shared, frozen list (ten thousand waiting users need no list each). */
export const NOBODY_DECLINED: readonly AgentId[] = Object.freeze([]);
