import { z } from 'zod';

/** Bumped on any breaking change of a message shape; sent in /healthz and session replies. */
export const PROTOCOL_VERSION = 1;

export const SessionId = z.string().min(1).max(64).brand<'SessionId'>();
export type SessionId = z.infer<typeof SessionId>;

export const AgentId = z.string().min(1).max(64).brand<'AgentId'>();
export type AgentId = z.infer<typeof AgentId>;

export const TenantId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-_]*$/i, 'letters, digits, - and _ only');
export type TenantId = z.infer<typeof TenantId>;
