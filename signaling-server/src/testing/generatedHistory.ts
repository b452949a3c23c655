import type { AgentId, SessionId } from '@lifeline/shared';
import type { SessionEvent, SessionRecord } from '../store/types.js';

/** The agents a generated history's sessions are offered to, and their teams. */
export const HISTORY_TEAMS: Readonly<Record<string, string>> = { a: 'north', b: 'north', c: 'south', d: 'south' };

/**
 * A reproducible history over tenants, tiers and agents: offers missed, calls answered (some
 * twice, after a requeue), with and without media, ended, abandoned, or still waiting. One
 * session starts every `spacingMs`.
 */
export function generatedHistory(count: number, seed: number, spacingMs = 1_000): SessionRecord[] {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return Math.floor(state / 65_536) % n; // the high bits: an LCG's low bits cycle
  };
  const agents = Object.keys(HISTORY_TEAMS) as AgentId[];
  const agent = () => agents[next(agents.length)] as AgentId;
  return Array.from({ length: count }, (_, i) => {
    const at = i * spacingMs;
    const events: SessionEvent[] = [{ kind: 'requested', at }];
    if (next(3) === 0) events.push({ kind: 'offer_timeout', at: at + 15_000, agentId: agent() });
    const fate = next(4);
    if (fate < 2) {
      const answeredAt = at + 1_000 + next(60_000);
      events.push({ kind: 'accepted', at: answeredAt, agentId: agent() });
      if (next(2) === 0) events.push({ kind: 'media_connected', at: answeredAt + 200 + next(3_000) });
      if (next(5) === 0) {
        events.push({ kind: 'requeued', at: answeredAt + 5_000 });
        events.push({ kind: 'accepted', at: answeredAt + 9_000, agentId: agent() });
      }
      if (fate === 0) events.push({ kind: 'ended', at: at + 200_000 + next(100_000), reason: 'user_ended' });
    } else if (fate === 2) events.push({ kind: 'abandoned', at: at + next(90_000), reason: 'user_cancelled' });
    return {
      id: `g${i}` as SessionId,
      tenant: `t${next(7)}`,
      context: {},
      traits: { tier: next(3) },
      requestedAt: at,
      events,
    };
  });
}
