import type { SessionId } from '@lifeline/shared';
import { hasSkills } from '../matching/routing.js';
import type { AgentState, EngineState, RequestTraits } from '../matching/types.js';
import type { ServingFloor } from './futures.js';

const working = (agent: AgentState) => agent.presence !== 'away' && !agent.offline;

/**
 * The agents who can serve a user with these traits, as routing would pick them: those with the
 * user's language and area while any of them works, else everyone working. A busy agent's call
 * has lasted since it was answered; an agent wrapping up is counted as a call about to end.
 */
export function servingFloor(
  state: EngineState,
  traits: RequestTraits,
  now: number,
  answeredAt: (sessionId: SessionId) => number | undefined,
): ServingFloor {
  const everyone = [...state.agents.values()].filter(working);
  const skilled = everyone.filter((agent) => hasSkills(agent, { traits }));
  const pool = skilled.length ? skilled : everyone;
  const busyElapsedMs: number[] = [];
  let free = 0;
  for (const agent of pool) {
    if (agent.presence === 'available' || agent.presence === 'offered') free++;
    else if (agent.presence === 'busy' && agent.sessionId)
      busyElapsedMs.push(now - (answeredAt(agent.sessionId) ?? now));
    else busyElapsedMs.push(Number.POSITIVE_INFINITY); // wrapping up: free again soon
  }
  return { busyElapsedMs, free, bySkill: pool.length < everyone.length };
}
