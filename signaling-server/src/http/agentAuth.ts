import { type AgentRole, ErrorCode, LifelineError } from '@lifeline/shared';
import type { Request } from 'express';
import type { TokenIssuer } from '../auth/tokens.js';
import type { Clock } from '../clock.js';
import type { AgentRecord, Store } from '../store/types.js';

/** The agent a request's bearer token names; refused unless their role is one of `roles`. */
export async function signedInAgent(
  req: Request,
  tokens: TokenIssuer,
  store: Store,
  clock: Clock,
  roles: readonly AgentRole[] = ['agent', 'supervisor', 'admin'],
): Promise<AgentRecord> {
  const claims = await tokens.verify(req.get('authorization')?.replace(/^Bearer /, '') ?? '', clock.now());
  const agent = claims?.role === 'agent' ? store.agent(claims.agentId) : undefined;
  if (!agent) throw LifelineError.unauthorized();
  if (!roles.includes(agent.role)) throw new LifelineError(ErrorCode.Forbidden, `needs the ${roles.join(' or ')} role`);
  return agent;
}
