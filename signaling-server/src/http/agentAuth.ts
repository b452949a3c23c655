import { type AgentRole, ErrorCode, LifelineError } from '@lifeline/shared';
import type { Request } from 'express';
import type { TokenClaims, TokenIssuer } from '../auth/tokens.js';
import type { Clock } from '../clock.js';
import type { AgentRecord, Store } from '../store/types.js';
import { bearerToken } from './bearer.js';

/**
 * A token a refresh replaced stays good this long, so other tabs and requests in flight move
 * to the new one; then it is refused.
 */
export const RETIRED_TOKEN_GRACE_MS = 30_000;

/**
 * The active agent a token names, if it is still good: not revoked by sign-out or
 * deactivation, and not retired by a refresh (beyond the grace period).
 */
export async function agentOfClaims(
  claims: TokenClaims | null,
  store: Store,
  now: number,
  role: 'agent' | 'invite' = 'agent',
): Promise<AgentRecord | undefined> {
  if (claims?.role !== role) return undefined;
  const agent = await store.agent(claims.agentId);
  if (!agent?.active || agent.tokenGeneration !== claims.generation) return undefined;
  const retiredAt = claims.tokenId ? await store.tokenRetiredAt(claims.tokenId) : undefined;
  if (retiredAt !== undefined && now - retiredAt > RETIRED_TOKEN_GRACE_MS) return undefined;
  return agent;
}

/** The agent a request's bearer token names; refused unless their role is one of `roles`. */
export async function signedInAgent(
  req: Request,
  tokens: TokenIssuer,
  store: Store,
  clock: Clock,
  roles: readonly AgentRole[] = ['agent', 'supervisor', 'admin'],
): Promise<AgentRecord> {
  const claims = await tokens.verify(bearerToken(req), clock.now());
  const agent = await agentOfClaims(claims, store, clock.now());
  if (!agent) throw LifelineError.unauthorized();
  if (!roles.includes(agent.role)) throw new LifelineError(ErrorCode.Forbidden, `needs the ${roles.join(' or ')} role`);
  return agent;
}
