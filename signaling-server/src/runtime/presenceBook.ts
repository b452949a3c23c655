import type { AgentId } from '@lifeline/shared';

/** An agent's standing choice: ready for calls, or away (and why). */
export type StandingPresence = { presence: 'available' } | { presence: 'away'; reason?: string };

/**
 * Where the engine's node keeps each agent's standing choice for the next one to run the engine
 * (many nodes: Redis). The database restores calls and the queue; this restores who was ready, so
 * an agent connected to a node that stays up is not turned "away" by a takeover they never saw.
 */
export interface PresenceBook {
  remember(agentId: AgentId, standing: StandingPresence): void;
  recall(): Promise<Map<AgentId, StandingPresence>>;
}
