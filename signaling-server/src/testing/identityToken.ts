import { type CryptoKey, type JWTPayload, SignJWT } from 'jose';

/**
 * Signs a user's identity the way a customer's backend does (see the README): HS256 with the
 * tenant's secret, or RS256/ES256 with its private key. `ttlS` sets exp - iat.
 */
export function signIdentity(
  key: string | CryptoKey,
  claims: { sub: string } & JWTPayload,
  { ttlS = 600, nowS = Math.floor(Date.now() / 1000), alg = 'HS256' } = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg })
    .setIssuedAt(nowS)
    .setExpirationTime(nowS + ttlS)
    .sign(typeof key === 'string' ? new TextEncoder().encode(key) : key);
}
