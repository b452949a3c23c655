import { z } from 'zod';
import { EndReason, ErrorFrame, IceCandidate, MediaGrant, SessionDescription, UserContext } from './common.js';
import { SessionId } from './ids.js';

export const AgentRole = z.enum(['agent', 'supervisor', 'admin']);
export type AgentRole = z.infer<typeof AgentRole>;

export const AgentStatus = z.enum(['available', 'away']);
export type AgentStatus = z.infer<typeof AgentStatus>;

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
]);
export type ConsoleToServer = z.infer<typeof ConsoleToServer>;

/** Server -> console. */
export const ServerToConsole = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('agent.state'),
    status: z.enum(['available', 'away', 'offered', 'busy', 'wrapUp']),
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
