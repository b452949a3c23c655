import type { AgentId, AgentPresence, ConsoleToServer, FloorReply, SessionId, WidgetToServer } from '@lifeline/shared';
import type { AgentSkills } from '../matching/types.js';
import type { SessionRecord } from '../store/types.js';

/** One socket: the node that holds it and its id there. */
export interface Address {
  readonly node: string;
  readonly conn: string;
}

/** What the engine needs of a signed-in agent; never the password hash, since this crosses nodes. */
export interface AgentCard {
  readonly id: AgentId;
  readonly name: string;
  readonly skills: AgentSkills;
  /** The agent's photo, for the user's panel when the call is answered. */
  readonly avatarUrl?: string | null;
}

/**
 * What reaches the engine, from whichever node a client is on. Every value is plain JSON:
 * on many nodes inputs travel through Redis to the node that runs the engine.
 */
export type EngineInput =
  | { type: 'user.attached'; from: Address; sessionId: SessionId }
  | { type: 'user.frame'; from: Address; sessionId: SessionId; message: WidgetToServer }
  | { type: 'user.detached'; from: Address; sessionId: SessionId }
  | { type: 'agent.attached'; from: Address; agent: AgentCard }
  | { type: 'agent.frame'; from: Address; agentId: AgentId; message: ConsoleToServer }
  | { type: 'agent.detached'; from: Address; agentId: AgentId }
  /** An admin renamed an agent or changed their skills. */
  | { type: 'agent.updated'; agent: AgentCard }
  /** A help request was stored: the engine tracks it and waits for its first connection. */
  | { type: 'session.opened'; session: SessionRecord }
  /** A node stopped answering: its sockets are gone, as if each had dropped. */
  | { type: 'node.gone'; node: string }
  /**
   * A callback was scheduled or handed over: the keeper looks at its time; the user's open
   * panel (if any) shows it; the consoles named (every one, for the team) list callbacks again.
   */
  | {
      type: 'callbacks.changed';
      tell?: { sessionId: SessionId; id: string; dueAt: number; agentName: string | null };
      consoles?: AgentId[] | 'all';
    }
  /** The user cancelled a callback that is ringing: its session leaves the queue. */
  | { type: 'callback.cancel'; sessionId: SessionId }
  /** LiveKit reported on a call's room (a participant joined or left, a camera, the room ended). */
  | { type: 'media.roomEvent'; sessionId: SessionId; event: string; identity: string; camera: boolean };

/** What the routes ask of the engine's live state. */
export type EngineQuery =
  | { type: 'floor' }
  | { type: 'presence' }
  | { type: 'counts' }
  | { type: 'availability' }
  | { type: 'session'; sessionId: SessionId; agentId?: AgentId };

export interface LiveCounts {
  waiting: number;
  inCall: number;
  agentsAvailable: number;
  agentsOnline: number;
}

/** The engine's view of one session: its live copy (if open), its agent, who rings for it. */
export interface SessionView {
  live: SessionRecord | null;
  agentInCall: AgentId | null;
  /** The asking agent is being offered this session, as a new call or a transfer. */
  ringing: boolean;
}

export interface Answers {
  floor: FloorReply;
  presence: Record<string, AgentPresence>;
  counts: LiveCounts;
  availability: LiveCounts & { etaMs: number | null };
  session: SessionView;
}

export type AnswerOf<Q extends EngineQuery> = Answers[Q['type']];

/** How the rest of the server reaches the engine, wherever it runs. */
export interface EngineLink {
  /** Fire and forget; inputs sent from one node are handled in the order sent. */
  input(input: EngineInput): void;
  /** Rejects with `unavailable` when no node runs the engine right now. */
  ask<Q extends EngineQuery>(query: Q): Promise<AnswerOf<Q>>;
  /** Closes an agent's sockets on every node: their sign-in ended. */
  closeAgent(agentId: AgentId, code: number, why: string): void;
}
