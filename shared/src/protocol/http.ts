import { z } from 'zod';
import { AgentRole, MediaGrant, Presence, UserContext } from './common.js';
import { TenantId } from './ids.js';
import { PlaceTicket } from './widgetMessages.js';

/**
 * Who the user is, as the host's backend vouches: a JWT it signs with the tenant's secret
 * (HS256) or private key (RS256, ES256). `sub` (the user id), `iat` and `exp` are required;
 * `name`, `email`, `plan` and `attributes` are optional claims. Only what it signs is trusted.
 */
export const IdentityToken = z
  .string()
  .max(4_096)
  .regex(/^[\w-]+\.[\w-]+\.[\w-]*$/, 'a JWT (header.payload.signature)');
export type IdentityToken = z.infer<typeof IdentityToken>;

export const HelpRequestBody = z.object({
  tenant: TenantId,
  context: UserContext.default({}),
  /** Product area the user needs help with, when the host page knows it. */
  area: z.string().max(64).optional(),
  identity: IdentityToken.optional(),
  /** The ticket of an earlier refusal (a flash crowd): the user keeps the place they were refused at. */
  ticket: z.optional(PlaceTicket),
});
export type HelpRequestBody = z.infer<typeof HelpRequestBody>;

export { HelpRequestRefusal, HelpRequestReply } from './widgetMessages.js';

export const RatingBody = z.object({
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2_000).optional(),
});
export type RatingBody = z.infer<typeof RatingBody>;

export const LoginBody = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1_000),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const LoginReply = z.object({
  token: z.string(),
  expiresAt: z.number(),
  agent: z.object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: AgentRole,
    /** Shown in the console's bar; absent in sign-ins saved by older consoles. */
    skills: z.object({ languages: z.array(z.string()), areas: z.array(z.string()) }).optional(),
  }),
});

/** An agent's state as others see it. */

/** The floor now, for supervisors: who waits, who is in a call, and every agent's state. */
export const FloorReply = z.object({
  media: z.enum(['p2p', 'livekit']),
  waiting: z.array(
    z.object({
      sessionId: z.string(),
      position: z.number(),
      waitedMs: z.number(),
      name: z.string().optional(),
      language: z.string().optional(),
      tier: z.number(),
      callback: z.boolean(),
      offeredTo: z.string().optional(),
    }),
  ),
  /** Everyone waiting; `waiting` may list only the head of the queue (the floor pushed to consoles). */
  waitingCount: z.number(),
  calls: z.array(
    z.object({
      sessionId: z.string(),
      agentId: z.string(),
      agentName: z.string(),
      userName: z.string().optional(),
      startedAt: z.number().nullable(),
    }),
  ),
  agents: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      team: z.string(),
      presence: Presence,
      awayReason: z.string().optional(),
    }),
  ),
});
export type FloorReply = z.infer<typeof FloorReply>;

/** Colleagues a call can be handed to: every signed-in agent sees who is available, with skills. */
export const TeamReply = z.object({
  agents: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      presence: Presence,
      languages: z.array(z.string()),
      areas: z.array(z.string()),
    }),
  ),
});
export type TeamReply = z.infer<typeof TeamReply>;

/** A supervisor's hidden, subscribe-only way into a live call (LiveKit only). */
export const MonitorReply = z.object({ media: MediaGrant });
export type MonitorReply = z.infer<typeof MonitorReply>;
export type LoginReply = z.infer<typeof LoginReply>;

export const Percentiles = z.object({
  mean: z.number().nullable(),
  p50: z.number().nullable(),
  p90: z.number().nullable(),
  p99: z.number().nullable(),
});
export type Percentiles = z.infer<typeof Percentiles>;

const ServiceFigures = z.object({
  requests: z.number(),
  answered: z.number(),
  abandoned: z.number(),
  timeToAnswerMs: Percentiles,
  timeToMediaMs: Percentiles,
  serviceLevel: z.number().nullable(),
  abandonmentRate: z.number().nullable(),
  averageHandleMs: z.number().nullable(),
  missedOffers: z.number(),
});

/** `/api/stats` → `callbacks`: what was promised and how it was kept. */
export const CallbackFigures = z.object({
  requested: z.number().int(),
  /** Answered by an agent within the on-time window of the time promised. */
  keptOnTime: z.number().int(),
  late: z.number().int(),
  /** Closed without a call: nobody answered, or it expired. */
  missed: z.number().int(),
  /** Served by the agent who promised it (or was handed it). */
  sameAgent: z.number().int(),
});
export type CallbackFigures = z.infer<typeof CallbackFigures>;

export const StatsReply = ServiceFigures.extend({
  window: z.object({ from: z.number(), to: z.number(), serviceLevelTargetMs: z.number() }),
  waiting: z.number(),
  inCall: z.number(),
  agentsAvailable: z.number(),
  agentsOnline: z.number(),
  groups: z.record(z.string(), ServiceFigures).optional(),
  callbacks: CallbackFigures,
});
export type StatsReply = z.infer<typeof StatsReply>;

/** Time to answer for the charts: per hour of the window, and how the waits spread. */
export const TimeToAnswerReply = z.object({
  window: z.object({ from: z.number(), to: z.number() }),
  /** Answered within `targetMs` counts toward the service level; the floor aims for `goal` (0.8 = 80%). */
  serviceLevel: z.object({ targetMs: z.number(), goal: z.number() }),
  byHour: z.array(
    z.object({
      hourStart: z.number(),
      answered: z.number(),
      p50: z.number().nullable(),
      p90: z.number().nullable(),
      /** Of the calls asked for in this hour and answered or abandoned, the share answered within the target. */
      serviceLevel: z.number().nullable(),
    }),
  ),
  /** Answered calls per wait bucket; the last bucket (`upToMs: null`) holds everything longer. */
  distribution: z.array(z.object({ upToMs: z.number().nullable(), count: z.number() })),
});
export type TimeToAnswerReply = z.infer<typeof TimeToAnswerReply>;

export { AvailabilityReply, Topic } from './widgetMessages.js';
