import { z } from 'zod/mini';
import { AuthOkFrame, EndReason, ErrorFrame, IceCandidate, MediaGrant, SessionDescription } from './wire.js';

// zod/mini, like wire.ts: the widget's panel decodes every frame and reply with these.

/** What happened to the agent's control of the user's page. */
export const ControlAction = z.enum([
  'granted',
  'declined',
  'click',
  'input',
  'refused',
  'ended_by_user',
  'ended_by_agent',
]);
export type ControlAction = z.infer<typeof ControlAction>;

/** Widget -> server. The session is implied by the socket's token. */
export const WidgetToServer = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('session.cancel'),
    /** The user left the live queue for a scheduled callback (not counted as giving up). */
    reason: z.optional(z.literal('callback_scheduled')),
  }),
  z.object({ type: z.literal('session.end') }),
  z.object({ type: z.literal('signal.description'), description: SessionDescription }),
  z.object({ type: z.literal('signal.candidate'), candidate: IceCandidate }),
  /** The user's page decoded the agent's first video frame. */
  z.object({ type: z.literal('media.connected') }),
  /**
   * A new page picked the session up (a link to another page, a reload) and has no media: in a
   * call, both sides connect afresh; in line, nothing changes. The session and its place go on.
   */
  z.object({ type: z.literal('media.restart') }),
  /** The user paused or resumed screen sharing, or muted or unmuted their microphone. */
  z.object({ type: z.literal('share.state'), screenPaused: z.boolean(), micMuted: z.boolean() }),
  /** "Call me back here": keep my request even if I leave; ring me in place if I'm still here. */
  z.object({ type: z.literal('callback.request') }),
  /** The agent's control of the page, as it happened there: written to the session's timeline. */
  z.object({
    type: z.literal('control.event'),
    action: ControlAction,
    /** What was acted on, e.g. `button “Pay now”`: never a field's value. */
    target: z.optional(z.string().check(z.maxLength(120))),
  }),
]);
export type WidgetToServer = z.infer<typeof WidgetToServer>;

/** Who answered: their name, and their photo when they have one. */
const agent = z.object({ name: z.string(), avatarUrl: z.optional(z.string()) });

/** Server -> widget. */
export const ServerToWidget = z.discriminatedUnion('type', [
  AuthOkFrame,
  z.object({
    type: z.literal('session.queued'),
    position: z.int().check(z.minimum(1)),
    /** Estimated wait from now, from recent handle times and the agents serving the queue. */
    etaMs: z.nullable(z.number().check(z.minimum(0))),
    /** A bound the wait stays within for about nine users in ten ("usually under"). */
    etaUpToMs: z.optional(z.number().check(z.minimum(0))),
  }),
  /** The agent's connection dropped mid-call: the user is back at the head of the queue. */
  z.object({ type: z.literal('session.requeued'), reason: z.literal('agent_disconnected') }),
  z.object({ type: z.literal('session.noAgents') }),
  /** Outside the tenant's business hours: not queued; a callback may be requested. */
  z.object({ type: z.literal('session.closed'), reason: z.literal('outside_hours') }),
  z.object({ type: z.literal('callback.confirmed') }),
  /** The agent promised to call back: when, and who (shown in the panel). */
  z.object({
    type: z.literal('callback.scheduled'),
    id: z.string(),
    dueAt: z.number(),
    agentName: z.nullable(z.string()),
  }),
  z.object({
    type: z.literal('session.live'),
    agent,
    media: MediaGrant,
    /** The tenant records its calls (LiveKit egress): the user is told before media starts. */
    recording: z.boolean(),
  }),
  z.object({ type: z.literal('signal.description'), description: SessionDescription }),
  z.object({ type: z.literal('signal.candidate'), candidate: IceCandidate }),
  /**
   * Another agent took over the call. Peer-to-peer: `media` is the new connection to make;
   * LiveKit: absent, the user stays in the same room and the new agent joins it.
   */
  z.object({ type: z.literal('session.transferred'), agent, media: z.optional(MediaGrant) }),
  z.object({ type: z.literal('session.ended'), reason: EndReason }),
  ErrorFrame,
]);
export type ServerToWidget = z.infer<typeof ServerToWidget>;

/** `POST /api/help-requests` -> the session to join. */
export const HelpRequestReply = z.object({
  sessionId: z.string(),
  token: z.string(),
  expiresAt: z.number(),
  protocolVersion: z.number(),
  /** The tenant records its calls: the widget says so before the call starts. */
  recording: z.boolean(),
});
export type HelpRequestReply = z.infer<typeof HelpRequestReply>;

/** A product area users may choose before a call; it routes to the agents with that area. */
export const Topic = z.object({
  area: z.string().check(z.minLength(1), z.maxLength(64)),
  label: z.string().check(z.minLength(1), z.maxLength(80)),
});
export type Topic = z.infer<typeof Topic>;

/**
 * `GET /api/tenants/:tenant/availability`: what the help button can say before it is pressed.
 * Public and cached for a few seconds; no user is named.
 */
export const AvailabilityReply = z.object({
  /** Inside business hours (always, when the tenant has none). */
  open: z.boolean(),
  /** When closed: the next opening, epoch ms (null when open, or no opening within a week). */
  nextOpenAt: z.nullable(z.number()),
  agentsOnline: z.int(),
  agentsAvailable: z.int(),
  /** The likely wait for someone asking now, as the queue stands (null when nobody can answer). */
  etaMs: z.nullable(z.number()),
  /** What users may choose from before a call. */
  topics: z.array(Topic),
});
export type AvailabilityReply = z.infer<typeof AvailabilityReply>;

/** When a help request was first refused, in base 36, and its signature. */
export const PlaceTicket = z
  .string()
  .check(z.maxLength(64), z.regex(/^[0-9a-z]{1,12}\.[\w-]{22}$/, 'a place ticket this service gave'));

/**
 * A node too busy to take a help request refuses it (429, `rate_limited`, Retry-After) with a
 * ticket: when it was refused, signed. Asked again with it, the user is placed by that time.
 */
export const HelpRequestRefusal = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
  ticket: z.optional(PlaceTicket),
});
export type HelpRequestRefusal = z.infer<typeof HelpRequestRefusal>;
