import { z } from 'zod';
import { AgentRole } from './common.js';

const Skills = {
  languages: z.array(z.string().trim().min(2).max(35)).max(20),
  areas: z.array(z.string().trim().min(1).max(64)).max(50),
};

/** An agent as admins manage them. `invited`: they have not chosen a password yet. */
export const AgentProfile = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: AgentRole,
  active: z.boolean(),
  invited: z.boolean(),
  team: z.string(),
  /** The agent's photo, shown to users the moment the call is answered. */
  avatarUrl: z.string().nullable().optional(),
  ...Skills,
});
export type AgentProfile = z.infer<typeof AgentProfile>;

export const AgentsReply = z.object({ agents: z.array(AgentProfile) });
export type AgentsReply = z.infer<typeof AgentsReply>;

export const InviteBody = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  name: z.string().trim().min(1).max(200),
  role: AgentRole.default('agent'),
  team: z.string().trim().min(1).max(64).default('default'),
  languages: Skills.languages.default(['en']),
  areas: Skills.areas.default([]),
});
export type InviteBody = z.input<typeof InviteBody>;

/** The invitation link is shown to the admin to pass on (no e-mail is sent). */
export const InviteReply = z.object({ agent: AgentProfile, inviteUrl: z.string(), expiresAt: z.number() });
export type InviteReply = z.infer<typeof InviteReply>;

export const AgentChangesBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    role: AgentRole,
    team: z.string().trim().min(1).max(64),
    active: z.boolean(),
    /** An http(s) URL of the agent's photo; null removes it. */
    avatarUrl: z
      .string()
      .trim()
      .max(2_000)
      .regex(/^https?:\/\/\S+$/, 'an http(s) URL')
      .nullable(),
    ...Skills,
  })
  .partial()
  .strict();
export type AgentChangesBody = z.infer<typeof AgentChangesBody>;

export const AcceptInviteBody = z.object({
  token: z.string().min(1).max(2_000),
  password: z.string().min(10, 'at least 10 characters').max(1_000),
});
export type AcceptInviteBody = z.infer<typeof AcceptInviteBody>;
