import type { AgentId, SessionId } from '@lifeline/shared';

export type AgentPresence = 'away' | 'available' | 'offered' | 'busy';

export interface AgentState {
  readonly id: AgentId;
  readonly presence: AgentPresence;
  /** When the agent last became available: longest idle is offered first. */
  readonly idleSince: number;
  /** The session offered to or in a call with this agent. */
  readonly sessionId?: SessionId;
}

export interface WaitingUser {
  readonly sessionId: SessionId;
  readonly enqueuedAt: number;
  readonly offeredTo?: AgentId;
  readonly declinedBy: readonly AgentId[];
  /** The last position told to the user, so only changes are pushed. */
  readonly toldPosition?: number;
  readonly toldNoAgents?: boolean;
}

export interface EngineConfig {
  readonly offerTimeoutMs: number;
}

export interface EngineState {
  readonly config: EngineConfig;
  readonly agents: Readonly<Record<string, AgentState>>;
  /** Waiting users in arrival order (an offered user stays in place until accepted). */
  readonly queue: readonly WaitingUser[];
  /** Live calls: session -> agent. */
  readonly calls: Readonly<Record<string, AgentId>>;
}

export type EngineEvent =
  | { type: 'agent.online'; agentId: AgentId }
  | { type: 'agent.available'; agentId: AgentId }
  | { type: 'agent.away'; agentId: AgentId }
  | { type: 'agent.disconnected'; agentId: AgentId }
  | { type: 'user.enqueued'; sessionId: SessionId }
  | { type: 'user.cancelled'; sessionId: SessionId; reason: 'user_cancelled' | 'user_disconnected' }
  | { type: 'offer.accepted'; sessionId: SessionId; agentId: AgentId }
  | { type: 'offer.declined'; sessionId: SessionId; agentId: AgentId }
  | { type: 'offer.timedOut'; sessionId: SessionId; agentId: AgentId }
  | { type: 'call.ended'; sessionId: SessionId; reason: 'user_ended' | 'agent_ended' | 'user_disconnected' };

export type SessionEventKind = 'queued' | 'offered' | 'declined' | 'offer_timeout' | 'accepted' | 'abandoned' | 'ended';

export type EndReason = 'user_ended' | 'agent_ended' | 'user_cancelled' | 'user_disconnected' | 'agent_disconnected';

export type Effect =
  | { type: 'offerToAgent'; agentId: AgentId; sessionId: SessionId; expiresAt: number }
  | { type: 'revokeOffer'; agentId: AgentId; sessionId: SessionId; reason: 'timeout' | 'cancelled' | 'declined' }
  | { type: 'startCall'; sessionId: SessionId; agentId: AgentId }
  | { type: 'endCall'; sessionId: SessionId; agentId: AgentId; reason: EndReason }
  | { type: 'notifyPosition'; sessionId: SessionId; position: number }
  | { type: 'notifyNoAgents'; sessionId: SessionId }
  | { type: 'agentPresence'; agentId: AgentId; presence: AgentPresence }
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
