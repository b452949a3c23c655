import { z } from 'zod';
import { IdentityToken } from './http.js';
import { TenantId } from './ids.js';

/** Where a scheduled callback stands: `due` once it rang, closed ones are done, cancelled or missed. */
export const CallbackStatus = z.enum(['scheduled', 'due', 'done', 'cancelled', 'missed']);
export type CallbackStatus = z.infer<typeof CallbackStatus>;

/** Who asked for it: the user picking a time, or an agent promising a follow-up. */
export const CallbackKind = z.enum(['requested', 'promised']);
export type CallbackKind = z.infer<typeof CallbackKind>;

/** Why a callback closed without a call, or how it ended. */
export const CallbackCloseReason = z.enum(['served', 'user_cancelled', 'no_answer', 'expired', 'erased']);
export type CallbackCloseReason = z.infer<typeof CallbackCloseReason>;

/** A callback as its user sees it (the loader, the panel). */
export const UserCallbackView = z.object({
  id: z.string(),
  status: CallbackStatus,
  dueAt: z.number(),
  /** Who will call: the owner of a promised follow-up (or the colleague it was handed to). */
  agentName: z.string().nullable(),
});
export type UserCallbackView = z.infer<typeof UserCallbackView>;

export const UserCallbacksReply = z.object({ callbacks: z.array(UserCallbackView) });
export type UserCallbacksReply = z.infer<typeof UserCallbacksReply>;

/** `POST /api/callbacks`: an identified user asks to be called back now or at a slot. */
export const ScheduleCallbackBody = z.object({
  tenant: TenantId,
  identity: IdentityToken,
  /** A slot from `GET /api/callbacks/slots`; absent: as soon as an agent is free. */
  at: z.number().int().positive().optional(),
  area: z.string().max(64).optional(),
  /** The session the user asked from, if any: the agent sees it in the history. */
  sessionId: z.string().max(64).optional(),
});
export type ScheduleCallbackBody = z.infer<typeof ScheduleCallbackBody>;

/** Times the tenant's staffing can honour, in the coming days, within business hours. */
export const CallbackSlotsReply = z.object({
  slots: z.array(z.object({ at: z.number(), free: z.number().int() })),
  /** The tenant's business-hours time zone (slots are shown in the user's own). */
  timeZone: z.string(),
});
export type CallbackSlotsReply = z.infer<typeof CallbackSlotsReply>;

/** `POST /api/callbacks/followups` (agent): "I'll call you back at 16:00". */
export const FollowUpBody = z.object({
  sessionId: z.string().max(64),
  at: z.number().int().positive(),
  note: z.string().trim().max(2_000).default(''),
});
export type FollowUpBody = z.infer<typeof FollowUpBody>;

/** `POST /api/callbacks/:id/handover` (agent): to a colleague, or to the team (`to: null`). */
export const HandoverBody = z.object({
  to: z.string().max(64).nullable(),
  note: z.string().trim().max(2_000).default(''),
});
export type HandoverBody = z.infer<typeof HandoverBody>;

/** A callback as an agent sees it in *My callbacks* and on the offer. */
export const AgentCallbackView = z.object({
  id: z.string(),
  kind: CallbackKind,
  status: CallbackStatus,
  dueAt: z.number(),
  userName: z.string().nullable(),
  userEmail: z.string().nullable(),
  note: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  /** Written by the colleague who handed it over at a shift change. */
  handoff: z.object({ fromName: z.string(), note: z.string() }).nullable(),
  /** The session it was promised in (or asked from): its history and notes. */
  originSessionId: z.string().nullable(),
  attempts: z.number().int(),
});
export type AgentCallbackView = z.infer<typeof AgentCallbackView>;

export const AgentCallbacksReply = z.object({ callbacks: z.array(AgentCallbackView) });
export type AgentCallbacksReply = z.infer<typeof AgentCallbacksReply>;

/** The user answers a due callback: the session to join (as `POST /api/help-requests` gives). */
export const AnswerCallbackBody = z.object({ tenant: TenantId, identity: IdentityToken });
export type AnswerCallbackBody = z.infer<typeof AnswerCallbackBody>;
