import { Topic } from '@lifeline/shared';
import { z } from 'zod';
import { BusinessHours } from './businessHours.js';
import { WebhookSettings } from './webhooks/types.js';

/** Per-tenant settings, from the TENANTS environment variable (JSON keyed by tenant id). */
export const TenantSettings = z.object({
  /** Shared with the tenant's backend, which signs user identity tokens with it (HS256). */
  identitySecret: z.string().min(32).optional(),
  /** Or the public half of the key the tenant's backend signs with (SPKI PEM). */
  identityPublicKey: z.object({ pem: z.string().min(1), algorithm: z.enum(['RS256', 'ES256']) }).optional(),
  /** Plan name -> priority tier (0 = standard). Tiers are off unless listed here. */
  planTiers: z.record(z.string(), z.number().int().min(0).max(9)).default({}),
  /** Outside these hours users are told at once and may ask for a callback. */
  businessHours: BusinessHours.optional(),
  /** Product areas the user picks from before a call (each routes to agents with that area). */
  topics: z.array(Topic).max(12).default([]),
  /** Record every call (LiveKit egress only); users are told before their call starts. */
  recording: z.boolean().default(false),
  /** The tenant's backend, told of sessions requested, answered, ended and rated (signed POSTs). */
  webhook: WebhookSettings.optional(),
  /** Scheduled callbacks: how often an unanswered one is tried again, and the slots offered. */
  callbacks: z
    .object({
      retries: z.number().int().min(0).max(10).default(2),
      retryAfterMs: z.number().int().min(1_000).default(600_000),
      slotMinutes: z.number().int().min(1).max(240).default(30),
      /** How far ahead the first slot starts, so the team sees it coming. */
      leadMinutes: z.number().int().min(0).max(1_440).default(10),
      /** Callbacks one slot can hold: what the team can honour at once. */
      slotCapacity: z.number().int().min(1).default(4),
      days: z.number().int().min(1).max(30).default(7),
    })
    .prefault({}),
});
export type TenantSettings = z.infer<typeof TenantSettings>;

export const TenantsConfig = z.record(z.string(), TenantSettings);
export type TenantsConfig = z.infer<typeof TenantsConfig>;
