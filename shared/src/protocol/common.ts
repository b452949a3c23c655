import { z } from 'zod';

// The wire's media and frame words are written with zod/mini (small enough for the widget's
// panel) in wire.ts; they are re-exported here, so every module finds them in one place.
export * from './wire.js';

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

export const AgentRole = z.enum(['agent', 'supervisor', 'admin']);
export type AgentRole = z.infer<typeof AgentRole>;
