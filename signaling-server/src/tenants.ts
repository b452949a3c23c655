import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Identity, LifelineError } from '@lifeline/shared';
import { z } from 'zod';
import { BusinessHours } from './businessHours.js';

/** Per-tenant settings, from the TENANTS environment variable (JSON keyed by tenant id). */
export const TenantSettings = z.object({
  /** Shared with the tenant's backend, which signs user identities with it. */
  identitySecret: z.string().min(16).optional(),
  /** Plan name -> priority tier (0 = standard). Tiers are off unless listed here. */
  planTiers: z.record(z.string(), z.number().int().min(0).max(9)).default({}),
  /** Outside these hours users are told at once and may ask for a callback. */
  businessHours: BusinessHours.optional(),
  /** Record every call (LiveKit egress only); users are told before their call starts. */
  recording: z.boolean().default(false),
});
export type TenantSettings = z.infer<typeof TenantSettings>;

export const TenantsConfig = z.record(z.string(), TenantSettings);
export type TenantsConfig = z.infer<typeof TenantsConfig>;

export function identitySignature(secret: string, userId: string, expires: number): string {
  return createHmac('sha256', secret).update(`${userId}.${expires}`).digest('hex');
}

/** Checks a host-signed identity; a wrong or expired signature is refused, never ignored. */
export function verifyIdentity(settings: TenantSettings | undefined, identity: Identity, nowMs: number): void {
  if (!settings?.identitySecret) throw LifelineError.unauthorized('this tenant does not accept identified users');
  if (identity.expires * 1000 <= nowMs) throw LifelineError.unauthorized('the identity signature has expired');
  const expected = Buffer.from(identitySignature(settings.identitySecret, identity.userId, identity.expires), 'hex');
  const given = Buffer.from(identity.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw LifelineError.unauthorized('the identity signature does not match');
  }
}
