import type { AgentId, SessionId } from '@lifeline/shared';
import { type Draft, transferTimerKey } from './draft.js';
import type { AgentState, TransferFailure, TransferTarget } from './types.js';

/**
 * Warm transfer: the agent in a call hands it to another agent (by name, or the longest-idle
 * one with a skill). The target's console rings with the note; the user stays with the first
 * agent until the second accepts, and nothing changes for the user if they do not.
 */
export function requestTransfer(
  d: Draft,
  event: { sessionId: SessionId; fromAgentId: AgentId; to: TransferTarget; note: string },
  now: number,
): void {
  const { sessionId, fromAgentId, note } = event;
  if (d.calls.get(sessionId) !== fromAgentId) return d.reject('not your call');
  if (d.transfers.get(sessionId)) return d.reject('a transfer of this call is already ringing');
  const target = pickTarget(d, fromAgentId, event.to);
  if (!target) return d.reject('nobody matching is available to take the call');
  const expiresAt = now + d.config.offerTimeoutMs;
  d.transfers.set(sessionId, { from: fromAgentId, to: target.id, note });
  d.setAgent({ ...target, presence: 'offered', sessionId });
  d.effects.push(
    { type: 'recordEvent', sessionId, kind: 'transfer_offered', at: now, agentId: target.id },
    { type: 'offerTransfer', sessionId, from: fromAgentId, to: target.id, note, expiresAt },
    { type: 'agentPresence', agentId: target.id, presence: 'offered' },
    {
      type: 'scheduleTimer',
      key: transferTimerKey(sessionId),
      at: expiresAt,
      event: { type: 'offer.timedOut', sessionId, agentId: target.id },
    },
  );
}

function pickTarget(d: Draft, from: AgentId, to: TransferTarget): AgentState | undefined {
  const available = d.agents.values().filter((a) => a.presence === 'available' && !a.offline && a.id !== from);
  if ('agentId' in to) return available.find((a) => a.id === to.agentId);
  const language = to.language?.toLowerCase().split('-')[0];
  return available
    .filter((a) => !to.area || a.skills.areas.includes(to.area))
    .filter((a) => !language || a.skills.languages.includes(language))
    .sort((a, b) => a.idleSince - b.idleSince || (a.id < b.id ? -1 : 1))[0];
}

/** The target accepted: the call is theirs, the first agent moves on to wrap-up. */
export function acceptTransfer(d: Draft, sessionId: SessionId, agentId: AgentId, now: number): boolean {
  const transfer = d.transfers.get(sessionId);
  if (transfer?.to !== agentId) return false;
  const agent = d.agents.get(agentId);
  d.transfers.delete(sessionId);
  d.calls.set(sessionId, agentId);
  if (agent) d.setAgent({ ...agent, presence: 'busy', sessionId, missedInRow: 0 });
  d.effects.push(
    { type: 'cancelTimer', key: transferTimerKey(sessionId) },
    { type: 'recordEvent', sessionId, kind: 'transferred', at: now, agentId },
    { type: 'transferCall', sessionId, from: transfer.from, to: agentId, note: transfer.note },
    { type: 'agentPresence', agentId, presence: 'busy' },
  );
  d.afterCall(transfer.from, now);
  return true;
}

/**
 * The transfer did not happen (declined, unanswered, or the call ended first): the target is
 * free again and the first agent, still in the call, is told.
 */
export function failTransfer(d: Draft, sessionId: SessionId, reason: TransferFailure, now: number): boolean {
  const transfer = d.transfers.get(sessionId);
  if (!transfer) return false;
  d.transfers.delete(sessionId);
  d.effects.push(
    { type: 'cancelTimer', key: transferTimerKey(sessionId) },
    { type: 'recordEvent', sessionId, kind: 'transfer_failed', at: now, agentId: transfer.to },
    { type: 'transferFailed', sessionId, from: transfer.from, to: transfer.to, reason },
  );
  if (reason !== 'declined')
    d.effects.push({
      type: 'revokeOffer',
      agentId: transfer.to,
      sessionId,
      reason: reason === 'timeout' ? 'timeout' : 'cancelled',
    });
  if (d.agents.get(transfer.to)?.presence === 'offered') d.setPresence(transfer.to, 'available', now);
  return true;
}

/** The transfer ringing for this agent, if any (their offer is a transfer, not a queued user). */
export function transferOfferedTo(d: Draft, agentId: AgentId): SessionId | undefined {
  const sessionId = d.agents.get(agentId)?.sessionId;
  return sessionId && d.transfers.get(sessionId)?.to === agentId ? sessionId : undefined;
}
