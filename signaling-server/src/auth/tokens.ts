import { randomUUID } from 'node:crypto';
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
  constructor(private readonly secret: Uint8Array) {}

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
      .sign(this.secret);
    return { token, expiresAt: exp * 1000 };
  }

  /** Returns the claims, or null for a forged, malformed or expired token. */
  async verify(token: string, now: number): Promise<TokenClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.secret, {
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
