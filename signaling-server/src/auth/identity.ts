import { type Attributes, Attributes as AttributesSchema, LifelineError } from '@lifeline/shared';
import { type CryptoKey, importSPKI, type JWTPayload, jwtVerify } from 'jose';
import { z } from 'zod';
import type { TenantSettings } from '../tenants.js';

/** The user as the host's backend signed them: nothing here is taken from an unsigned claim. */
export interface VerifiedUser {
  userId: string;
  name?: string;
  email?: string;
  plan?: string;
  claims?: Attributes;
}

const Claims = z.object({
  sub: z.string().min(1).max(128),
  iat: z.number(),
  exp: z.number(),
  name: z.string().max(200).optional(),
  email: z.string().email().max(320).optional(),
  plan: z.string().max(64).optional(),
  attributes: AttributesSchema.optional(),
});

/** Clock skew allowed between the host's backend and this server. */
const SKEW_S = 30;

const publicKeys = new Map<string, Promise<CryptoKey>>();

/** The key and algorithm a tenant signs identities with: a shared secret, or a public key. */
function keyOf(settings: TenantSettings): { key: Promise<Uint8Array | CryptoKey>; algorithm: string } {
  if (settings.identityPublicKey) {
    const { pem, algorithm } = settings.identityPublicKey;
    const cacheKey = `${algorithm}:${pem}`;
    if (!publicKeys.has(cacheKey)) publicKeys.set(cacheKey, importSPKI(pem, algorithm));
    return { key: publicKeys.get(cacheKey) as Promise<CryptoKey>, algorithm };
  }
  if (settings.identitySecret) {
    return { key: Promise.resolve(new TextEncoder().encode(settings.identitySecret)), algorithm: 'HS256' };
  }
  throw LifelineError.unauthorized('this tenant does not accept identified users');
}

/**
 * Verifies a host-signed identity token (jose): the tenant's algorithm only (so `alg: none` or
 * a swapped algorithm fails), `sub`, `iat` and `exp` required, a lifetime of at most `maxTtlS`,
 * an audience (if any) naming this tenant. Anything wrong is refused, never ignored.
 */
export async function verifyIdentity(
  tenant: string,
  settings: TenantSettings | undefined,
  token: string,
  nowMs: number,
  maxTtlS: number,
): Promise<VerifiedUser> {
  if (!settings) throw LifelineError.unauthorized('this tenant does not accept identified users');
  const { key, algorithm } = keyOf(settings);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, await key, {
      algorithms: [algorithm],
      currentDate: new Date(nowMs),
      requiredClaims: ['sub', 'iat', 'exp'],
      clockTolerance: SKEW_S,
    }));
  } catch (err) {
    const expired = (err as { code?: string }).code === 'ERR_JWT_EXPIRED';
    throw LifelineError.unauthorized(expired ? 'the identity token has expired' : 'the identity token is not valid');
  }
  const claims = Claims.safeParse(payload);
  if (!claims.success) throw LifelineError.unauthorized('the identity token has invalid claims');
  const { sub, iat, exp, name, email, plan, attributes } = claims.data;
  if (exp - iat > maxTtlS) throw LifelineError.unauthorized(`the identity token may live at most ${maxTtlS} s`);
  if (iat * 1000 > nowMs + SKEW_S * 1000)
    throw LifelineError.unauthorized('the identity token is issued in the future');
  const audience = payload.aud === undefined ? [] : [payload.aud].flat();
  if (audience.length > 0 && !audience.includes(tenant)) {
    throw LifelineError.unauthorized('the identity token is for another tenant');
  }
  return {
    userId: sub,
    ...(name ? { name } : {}),
    ...(email ? { email } : {}),
    ...(plan ? { plan } : {}),
    ...(attributes ? { claims: attributes } : {}),
  };
}

/** The priority tier of a plan: only the tenant's own listed plans count (never the prototype). */
export function tierOf(settings: TenantSettings | undefined, plan: string | undefined): number | undefined {
  if (!settings || plan === undefined || !Object.hasOwn(settings.planTiers, plan)) return undefined;
  return settings.planTiers[plan];
}
