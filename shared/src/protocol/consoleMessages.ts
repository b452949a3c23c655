import { z } from 'zod';
import {
  AgentPresence,
  AuthOkFrame,
  EndReason,
  ErrorFrame,
  IceCandidate,
  MediaGrant,
  SessionDescription,
  UserContext,
} from './common.js';
import { FloorReply, StatsReply } from './http.js';
import { SessionId } from './ids.js';

export const AgentStatus = z.enum(['available', 'away']);
export type AgentStatus = z.infer<typeof AgentStatus>;

/** What the agent taking over a call learns from the one handing it over. */
export const TransferInfo = z.object({ fromAgentName: z.string(), note: z.string() });
export type TransferInfo = z.infer<typeof TransferInfo>;

/** Console -> server. */
export const ConsoleToServer = z.discriminatedUnion('type', [
  z.object({ type: z.literal('agent.setStatus'), status: AgentStatus, reason: z.string().max(100).optional() }),
  z.object({ type: z.literal('offer.accept'), sessionId: SessionId }),
  z.object({ type: z.literal('offer.decline'), sessionId: SessionId }),
  z.object({ type: z.literal('session.end'), sessionId: SessionId }),
  z.object({
    type: z.literal('signal.description'),
    sessionId: SessionId,
    description: SessionDescription,
  }),
  z.object({ type: z.literal('signal.candidate'), sessionId: SessionId, candidate: IceCandidate }),
  /** Warm transfer to one agent, or to the longest-idle agent with a skill; the note travels along. */
  z.object({
    type: z.literal('call.transfer'),
    sessionId: SessionId,
    to: z.union([
      z.object({ agentId: z.string().min(1).max(128) }).strict(),
      z.object({ area: z.string().max(64).optional(), language: z.string().max(35).optional() }).strict(),
    ]),
    note: z.string().trim().max(2_000),
  }),
]);
export type ConsoleToServer = z.infer<typeof ConsoleToServer>;

/** Server -> console. */
export const ServerToConsole = z.discriminatedUnion('type', [
  AuthOkFrame,
  z.object({
    type: z.literal('agent.state'),
    status: AgentPresence,
    name: z.string(),
    /** When wrap-up ends on its own. */
    until: z.number().optional(),
  }),
  z.object({
    type: z.literal('offer.incoming'),
    sessionId: SessionId,
    user: UserContext,
    requestedAt: z.number(),
    expiresAt: z.number(),
    /** The user asked to be called back (their page may be closed). */
    callback: z.boolean(),
    /** Set when a colleague hands over a call they are in. */
    transfer: TransferInfo.optional(),
    /** A scheduled callback come due: what was promised, by whom, and any handoff note. */
    followUp: z
      .object({
        callbackId: z.string(),
        dueAt: z.number(),
        note: z.string(),
        ownerName: z.string().nullable(),
        handoffNote: z.string().nullable(),
        originSessionId: z.string().nullable(),
      })
      .optional(),
  }),
  z.object({
    type: z.literal('offer.revoked'),
    sessionId: SessionId,
    reason: z.enum(['timeout', 'cancelled', 'declined']),
  }),
  z.object({
    type: z.literal('session.live'),
    sessionId: SessionId,
    user: UserContext,
    media: MediaGrant,
    recording: z.boolean(),
    /** False for a callback whose user has left: follow up by e-mail. */
    userPresent: z.boolean(),
    transfer: TransferInfo.optional(),
    /**
     * Sent again after the console reconnected (a dropped socket, a server restart): the call
     * went on meanwhile; a console that still has its media keeps it.
     */
    resumed: z.boolean().optional(),
  }),
  /**
   * Today's figures (and, to supervisors, the floor), pushed when they change instead of polled:
   * at most once a second while calls come and go.
   */
  z.object({ type: z.literal('figures'), stats: StatsReply, floor: FloorReply.optional() }),
  /** Callbacks this agent sees changed (one was handed to them, or to the team): list them again. */
  z.object({ type: z.literal('callbacks.changed') }),
  /** Your transfer is ringing at this colleague; the user stays with you until they accept. */
  z.object({ type: z.literal('transfer.ringing'), sessionId: SessionId, toAgentName: z.string() }),
  z.object({
    type: z.literal('transfer.failed'),
    sessionId: SessionId,
    reason: z.enum(['declined', 'timeout', 'cancelled']),
  }),
  z.object({
    type: z.literal('signal.description'),
    sessionId: SessionId,
    description: SessionDescription,
  }),
  z.object({ type: z.literal('signal.candidate'), sessionId: SessionId, candidate: IceCandidate }),
  z.object({ type: z.literal('session.ended'), sessionId: SessionId, reason: EndReason }),
  z.object({
    type: z.literal('share.state'),
    sessionId: SessionId,
    screenPaused: z.boolean(),
    micMuted: z.boolean(),
  }),
  ErrorFrame,
]);
export type ServerToConsole = z.infer<typeof ServerToConsole>;
