import { randomUUID, webcrypto } from 'node:crypto';
import type { AgentId, SessionId } from '@lifeline/shared';
import { jwtVerify, SignJWT } from 'jose';

/**
 * `agent` tokens sign an agent in; `invite` tokens let an invited agent choose a password.
 * Both carry the agent's token generation, so bumping it revokes them.
 */
export type TokenClaims =
  | { role: 'user'; sessionId: SessionId }
  | {
      role: 'agent' | 'invite';
      agentId: AgentId;
      generation: number;
      /** Set on verified tokens: their id (jti) and expiry, so a refresh can retire one. */
      tokenId?: string;
      expiresAt?: number;
    };

/** Signed, expiring tokens (HS256 JWT) for widget sessions, signed-in agents and invitations. */
export class TokenIssuer {
  /** Imported once: given the raw bytes, jose imports the key again on every sign and verify. */
  private readonly key: Promise<CryptoKey>;

  constructor(secret: Uint8Array) {
    const usages: KeyUsage[] = ['sign', 'verify'];
    this.key = webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, usages);
  }

  async issue(claims: TokenClaims, ttlS: number, now: number): Promise<{ token: string; expiresAt: number }> {
    const iat = Math.floor(now / 1000);
    const exp = iat + ttlS;
    const subject = claims.role === 'user' ? claims.sessionId : claims.agentId;
    const payload = claims.role === 'user' ? { role: claims.role } : { role: claims.role, gen: claims.generation };
    const token = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setJti(randomUUID())
      .sign(await this.key);
    return { token, expiresAt: exp * 1000 };
  }

  /** Returns the claims, or null for a forged, malformed or expired token. */
  async verify(token: string, now: number): Promise<TokenClaims | null> {
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        algorithms: ['HS256'],
        currentDate: new Date(now),
        // A token without an expiry is never accepted, whoever signed it.
        requiredClaims: ['exp', 'sub'],
      });
      if (!payload.sub) return null;
      if (payload.role === 'user') return { role: 'user', sessionId: payload.sub as SessionId };
      if (payload.role === 'agent' || payload.role === 'invite') {
        const generation = typeof payload.gen === 'number' ? payload.gen : 0;
        return {
          role: payload.role,
          agentId: payload.sub as AgentId,
          generation,
          ...(payload.jti ? { tokenId: payload.jti } : {}),
          ...(payload.exp ? { expiresAt: payload.exp * 1000 } : {}),
        };
      }
      return null;
    } catch {
      return null;
    }
  }
}
