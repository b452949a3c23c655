import type {
  AgentId,
  CallbackCloseReason,
  CallbackKind,
  CallbackStatus,
  SessionId,
  UserContext,
} from '@lifeline/shared';

export type { CallbackCloseReason, CallbackKind, CallbackStatus };

/** What routing needs of the user when the callback comes due. */
export interface CallbackTraits {
  readonly area?: string;
  readonly language?: string;
  readonly tier?: number;
}

/**
 * A callback kept by the server, not by a page: a time the user picked, or a follow-up an agent
 * promised. When due it becomes a session in the live queue (`sessionId`); a user who does not
 * answer is tried again per the tenant's policy, then the callback is closed with its reason.
 */
export interface CallbackRecord {
  readonly id: string;
  readonly tenant: string;
  /** The identified user (signed identity `sub`): how any page of the product finds it. */
  readonly userId: string;
  /** Who the user is, from the signed identity only (name, e-mail, plan): shown to the agent. */
  readonly user: UserContext;
  readonly traits: CallbackTraits;
  readonly kind: CallbackKind;
  readonly status: CallbackStatus;
  readonly dueAt: number;
  /** When the scheduler acts next: the due time, or the next retry. */
  readonly nextAt: number;
  /** The agent it is promised by (or handed to); null for the team. */
  readonly ownerId: AgentId | null;
  readonly note: string;
  readonly handoff: { readonly fromId: AgentId; readonly note: string } | null;
  /** The session it was promised in or asked from: its history and notes go with it. */
  readonly originSessionId: SessionId | null;
  /** The session ringing for it now, once due. */
  readonly sessionId: SessionId | null;
  readonly attempts: number;
  readonly createdAt: number;
  readonly closedAt: number | null;
  readonly closeReason: CallbackCloseReason | null;
  /** The agent who answered it, and when. */
  readonly servedBy: AgentId | null;
  readonly answeredAt: number | null;
}

export type NewCallback = Omit<
  CallbackRecord,
  'status' | 'nextAt' | 'sessionId' | 'attempts' | 'closedAt' | 'closeReason' | 'servedBy' | 'answeredAt'
>;

/** What a closed or rescheduled callback records. */
export type CallbackOutcome =
  | { readonly status: 'done'; readonly servedBy: AgentId; readonly answeredAt: number }
  | { readonly status: 'missed' | 'cancelled'; readonly reason: CallbackCloseReason }
  | { readonly status: 'scheduled'; readonly nextAt: number };
