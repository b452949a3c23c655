import { randomUUID } from 'node:crypto';
import type { AgentId, SessionId } from '@lifeline/shared';
import { createSigner, createVerifier } from 'fast-jwt';

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

/**
 * Signed, expiring tokens (HS256 JWT) for widget sessions, signed-in agents and invitations.
 * Signed and checked on this thread with Node's own HMAC (fast-jwt): every help request signs
 * one and every socket checks one, and Web Crypto's round trip through the thread pool cost six
 * times as much.
 */
export class TokenIssuer {
  private readonly sign: (payload: Record<string, unknown>) => string;
  /** Checks the signature and the claims' shape; expiry is checked against the server's clock. */
  private readonly decode: (token: string) => Record<string, unknown>;

  constructor(secret: Uint8Array) {
    const key = Buffer.from(secret);
    this.sign = createSigner({ key, algorithm: 'HS256' });
    this.decode = createVerifier({
      key,
      algorithms: ['HS256'],
      // A token without an expiry is never accepted, whoever signed it.
      requiredClaims: ['exp', 'sub'],
      ignoreExpiration: true,
      ignoreNotBefore: true,
    });
  }

  async issue(claims: TokenClaims, ttlS: number, now: number): Promise<{ token: string; expiresAt: number }> {
    const iat = Math.floor(now / 1000);
    const exp = iat + ttlS;
    const sub = claims.role === 'user' ? claims.sessionId : claims.agentId;
    const payload = claims.role === 'user' ? { role: claims.role } : { role: claims.role, gen: claims.generation };
    const token = this.sign({ ...payload, sub, iat, exp, jti: randomUUID() });
    return { token, expiresAt: exp * 1000 };
  }

  /** Returns the claims, or null for a forged, malformed or expired token. */
  async verify(token: string, now: number): Promise<TokenClaims | null> {
    let payload: Record<string, unknown>;
    try {
      payload = this.decode(token);
    } catch {
      return null;
    }
    const nowS = Math.floor(now / 1000);
    if (typeof payload.exp !== 'number' || payload.exp <= nowS) return null;
    if (typeof payload.nbf === 'number' && payload.nbf > nowS) return null;
    if (typeof payload.sub !== 'string' || !payload.sub) return null;
    if (payload.role === 'user') return { role: 'user', sessionId: payload.sub as SessionId };
    if (payload.role === 'agent' || payload.role === 'invite') {
      const generation = typeof payload.gen === 'number' ? payload.gen : 0;
      return {
        role: payload.role,
        agentId: payload.sub as AgentId,
        generation,
        ...(typeof payload.jti === 'string' && payload.jti ? { tokenId: payload.jti } : {}),
        expiresAt: payload.exp * 1000,
      };
    }
    return null;
  }
}
