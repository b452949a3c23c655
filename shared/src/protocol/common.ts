import { z } from 'zod';
import { ErrorCode } from './errorCodes.js';

/** An RTCSessionDescriptionInit as it travels between peers. */
export const SessionDescription = z.object({
  type: z.enum(['offer', 'answer', 'pranswer', 'rollback']),
  sdp: z.string().max(64_000).optional(),
});
export type SessionDescription = z.infer<typeof SessionDescription>;

/** An RTCIceCandidateInit; null marks the end of candidates. */
export const IceCandidate = z
  .object({
    candidate: z.string().max(2_000),
    sdpMid: z.string().max(64).nullable().optional(),
    sdpMLineIndex: z.number().int().min(0).max(255).nullable().optional(),
    usernameFragment: z.string().max(256).nullable().optional(),
  })
  .nullable();
export type IceCandidate = z.infer<typeof IceCandidate>;

export const IceServer = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServer>;

/**
 * How the two parties of a live session reach each other: peer to peer (the server relays SDP
 * and ICE) or through a LiveKit room (the server mints a token with the narrowest grants).
 */
export const MediaGrant = z.discriminatedUnion('provider', [
  z.object({
    provider: z.literal('p2p'),
    iceServers: z.array(IceServer),
    /** Perfect negotiation: the polite side yields on an offer collision. */
    polite: z.boolean(),
    /** `relay`: media only through TURN (hides each side's IP address from the other). */
    iceTransportPolicy: z.enum(['all', 'relay']).optional(),
  }),
  z.object({ provider: z.literal('livekit'), url: z.string(), token: z.string() }),
]);
export type MediaGrant = z.infer<typeof MediaGrant>;

/** What the agent learns about the user and the page they asked from. */
/** Small key-value facts about the user or their app state. */
export const Attributes = z
  .record(z.string().max(64), z.union([z.string().max(500), z.number(), z.boolean()]))
  .refine((a) => Object.keys(a).length <= 30, 'at most 30 attributes');
export type Attributes = z.infer<typeof Attributes>;

/**
 * What the agent learns about the user. `userId`, `name`, `email`, `plan` and `claims` come
 * only from the host's signed identity token (then `verified` is true); `attributes` and the
 * page fields are reported by the page, unverified.
 */
export const UserContext = z.object({
  name: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
  plan: z.string().max(64).optional(),
  userId: z.string().max(128).optional(),
  verified: z.boolean().optional(),
  /** Custom attributes the host signed into the identity token. */
  claims: Attributes.optional(),
  /** App state the page shares with the agent (`Lifeline.setContext`): unverified. */
  attributes: Attributes.optional(),
  pageUrl: z.string().max(2_000).optional(),
  pageTitle: z.string().max(500).optional(),
  userAgent: z.string().max(500).optional(),
  language: z.string().max(35).optional(),
});
export type UserContext = z.infer<typeof UserContext>;

/** Where an agent stands while signed in; `offline` (in floor views) is an agent not signed in. */
export const AgentPresence = z.enum(['available', 'away', 'offered', 'busy', 'wrapUp']);
export type AgentPresence = z.infer<typeof AgentPresence>;
export const Presence = z.enum(['offline', ...AgentPresence.options]);
export type Presence = z.infer<typeof Presence>;

/**
 * The first frame on every socket, from widgets and consoles alike: the session or agent token
 * travels here, never in the URL (where proxies and access logs would keep it).
 */
export const AuthFrame = z.object({ type: z.literal('auth'), token: z.string().max(4_096) });
export type AuthFrame = z.infer<typeof AuthFrame>;

/** The server's answer to a good `auth` frame; a bad one closes the socket (4401). */
export const AuthOkFrame = z.object({ type: z.literal('auth.ok') });

export const ErrorFrame = z.object({
  type: z.literal('error'),
  code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
  message: z.string(),
});
export type ErrorFrame = z.infer<typeof ErrorFrame>;

export const EndReason = z.enum([
  'user_ended',
  'agent_ended',
  'user_cancelled',
  'user_disconnected',
  'agent_disconnected',
  'server_restarted',
  'callback_expired',
  'media_ended',
  'transferred',
]);
export type EndReason = z.infer<typeof EndReason>;
