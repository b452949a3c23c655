import type { AgentId, SessionId } from '@lifeline/shared';
import { agentGraceTimerKey, type Draft, graceTimerKey } from './draft.js';
import { failTransfer, transferOfferedTo } from './transfer.js';
import type { AgentSkills } from './types.js';

/**
 * The console's socket dropped (a network blip, a deploy): a ringing offer moves on at once,
 * but the agent keeps their call, and their presence, for the grace period.
 */
export function agentDropped(d: Draft, agentId: AgentId, now: number): void {
  const agent = d.agents.get(agentId);
  if (!agent || agent.offline) return;
  const ringing = transferOfferedTo(d, agentId);
  if (ringing) failTransfer(d, ringing, 'cancelled', now);
  else if (agent.presence === 'offered' && agent.sessionId) {
    const index = d.queueIndex(agent.sessionId);
    if (index >= 0) d.withdrawOffer(index, 'cancelled', now);
  }
  d.setAgent({ ...(d.agents.get(agentId) ?? agent), offline: true });
  d.effects.push({
    type: 'scheduleTimer',
    key: agentGraceTimerKey(agentId),
    at: now + d.config.reconnectGraceMs,
    event: { type: 'agent.graceExpired', agentId },
  });
}

export function agentReconnected(d: Draft, agentId: AgentId): void {
  const agent = d.agents.get(agentId);
  if (!agent) return;
  const { offline: _, ...back } = agent;
  d.setAgent(back);
  d.effects.push({ type: 'cancelTimer', key: agentGraceTimerKey(agentId) });
}

export function restoreCall(
  d: Draft,
  sessionId: SessionId,
  agentId: AgentId,
  skills: AgentSkills | undefined,
  now: number,
) {
  const agent = d.agents.get(agentId);
  if (d.calls.get(sessionId) || d.queueIndex(sessionId) >= 0) return;
  if (agent && agent.sessionId !== sessionId) return d.reject(`agent ${agentId} already has another session`);
  d.setAgent({
    id: agentId,
    presence: 'busy',
    sessionId,
    idleSince: now,
    missedInRow: 0,
    skills: skills ?? { languages: [], areas: [] },
    offline: true,
  });
  d.calls.set(sessionId, agentId);
  d.offline.set(sessionId, true);
  d.effects.push(
    {
      type: 'scheduleTimer',
      key: graceTimerKey(sessionId),
      at: now + d.config.reconnectGraceMs,
      event: { type: 'user.graceExpired', sessionId },
    },
    {
      type: 'scheduleTimer',
      key: agentGraceTimerKey(agentId),
      at: now + d.config.reconnectGraceMs,
      event: { type: 'agent.graceExpired', agentId },
    },
  );
}
