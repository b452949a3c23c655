import type { AgentId, SessionId } from '@lifeline/shared';
import { jwtVerify, SignJWT } from 'jose';

export type TokenClaims = { role: 'user'; sessionId: SessionId } | { role: 'agent'; agentId: AgentId };

/** Signed, expiring tokens (HS256 JWT) for widget sessions and signed-in agents. */
export class TokenIssuer {
  constructor(private readonly secret: Uint8Array) {}

  async issue(claims: TokenClaims, ttlS: number, now: number): Promise<{ token: string; expiresAt: number }> {
    const iat = Math.floor(now / 1000);
    const exp = iat + ttlS;
    const subject = claims.role === 'user' ? claims.sessionId : claims.agentId;
    const token = await new SignJWT({ role: claims.role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.secret);
    return { token, expiresAt: exp * 1000 };
  }

  /** Returns the claims, or null for a forged, malformed or expired token. */
  async verify(token: string, now: number): Promise<TokenClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.secret, {
        algorithms: ['HS256'],
        currentDate: new Date(now),
      });
      if (!payload.sub) return null;
      if (payload.role === 'user') return { role: 'user', sessionId: payload.sub as SessionId };
      if (payload.role === 'agent') return { role: 'agent', agentId: payload.sub as AgentId };
      return null;
    } catch {
      return null;
    }
  }
}
