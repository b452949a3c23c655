import { z } from 'zod/mini';
import { ErrorCode } from './errorCodes.js';

// Written with zod/mini: the widget's panel decodes every frame with these very schemas, and
// mini keeps that within its size budget. The server and the console use them as they are.

/** An RTCSessionDescriptionInit as it travels between peers. */
export const SessionDescription = z.object({
  type: z.enum(['offer', 'answer', 'pranswer', 'rollback']),
  sdp: z.optional(z.string().check(z.maxLength(64_000))),
});
export type SessionDescription = z.infer<typeof SessionDescription>;

const optionalNullable = <T extends z.core.SomeType>(schema: T) => z.optional(z.nullable(schema));

/** An RTCIceCandidateInit; null marks the end of candidates. */
export const IceCandidate = z.nullable(
  z.object({
    candidate: z.string().check(z.maxLength(2_000)),
    sdpMid: optionalNullable(z.string().check(z.maxLength(64))),
    sdpMLineIndex: optionalNullable(z.int().check(z.minimum(0), z.maximum(255))),
    usernameFragment: optionalNullable(z.string().check(z.maxLength(256))),
  }),
);
export type IceCandidate = z.infer<typeof IceCandidate>;

export const IceServer = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.optional(z.string()),
  credential: z.optional(z.string()),
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
    iceTransportPolicy: z.optional(z.enum(['all', 'relay'])),
  }),
  z.object({ provider: z.literal('livekit'), url: z.string(), token: z.string() }),
]);
export type MediaGrant = z.infer<typeof MediaGrant>;

/**
 * The first frame on every socket, from widgets and consoles alike: the session or agent token
 * travels here, never in the URL (where proxies and access logs would keep it).
 */
export const AuthFrame = z.object({ type: z.literal('auth'), token: z.string().check(z.maxLength(4_096)) });
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
  /** A scheduled callback rang and its user did not answer in time. */
  'no_answer',
  /** The user left the live queue for a callback at a time they chose. */
  'callback_scheduled',
  'media_ended',
  'transferred',
]);
export type EndReason = z.infer<typeof EndReason>;
