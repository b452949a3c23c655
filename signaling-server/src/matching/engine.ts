import type { AgentId, SessionId } from '@lifeline/shared';
import { agentDropped, agentReconnected, restoreCall } from './agentGrace.js';
import { callbackDue, callbackExpiry, expireCallback, ringUntilAnswered } from './callbacks.js';
import {
  agentGraceTimerKey,
  Draft,
  graceTimer,
  graceTimerKey,
  offerTimerKey,
  preferenceRechecks,
  withoutOffer,
  wrapUpTimerKey,
} from './draft.js';
import { QueueList } from './queueList.js';
import { restoreQueue } from './restoreQueue.js';
import { insertionIndex, sortKey } from './routing.js';
import { ShardedMap } from './shardedMap.js';
import { acceptTransfer, failTransfer, requestTransfer, transferOfferedTo } from './transfer.js';
import type { EngineConfig, EngineEvent, EngineState, RequestTraits, StepResult, WaitingUser } from './types.js';
import { NOBODY_DECLINED } from './types.js';

export * from './types.js';
export { offerTimerKey };

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  offerTimeoutMs: 15_000,
  maxMissedOffers: 2,
  wrapUpMs: 0,
  reconnectGraceMs: 30_000,
  skillFallbackMs: 30_000,
  continuityWaitMs: 10_000,
  tierBoostMs: 0,
  callbackTtlMs: 24 * 3_600_000,
  callbackOwnerWaitMs: 120_000,
  callbackRingMs: 60_000,
  placeHeldMs: 90_000,
};

/**
 * The matching engine: pure and deterministic. It never reads the clock, timers or sockets;
 * the runner around it passes `now` in and carries the effects out.
 */
export function initialState(config: Partial<EngineConfig> = {}): EngineState {
  return {
    config: { ...DEFAULT_ENGINE_CONFIG, ...config },
    agents: new Map(),
    queue: QueueList.of(),
    queued: ShardedMap.empty(),
    calls: new Map(),
    offline: new Map(),
    transfers: new Map(),
  };
}

export function step(state: EngineState, event: EngineEvent, now: number): StepResult {
  const draft = new Draft(state);
  apply(draft, event, now);
  draft.dispatch(now);
  draft.tellWaitingUsers();
  return { state: draft.result(), effects: draft.effects };
}

function apply(d: Draft, event: EngineEvent, now: number): void {
  switch (event.type) {
    case 'agent.online': {
      const known = d.agents.get(event.agentId);
      if (known?.offline) return agentReconnected(d, event.agentId);
      if (known) return;
      d.setAgent({
        id: event.agentId,
        presence: 'away',
        idleSince: now,
        missedInRow: 0,
        skills: event.skills ?? { languages: [], areas: [] },
      });
      return;
    }
    case 'agent.available':
      return agentReady(d, event.agentId, now);
    case 'agent.away':
      return agentAway(d, event.agentId, event.reason, now);
    case 'agent.wrapUpDone':
      if (d.agents.get(event.agentId)?.presence === 'wrapUp') d.setPresence(event.agentId, 'available', now);
      return;
    case 'agent.disconnected':
      return agentDropped(d, event.agentId, now);
    case 'agent.graceExpired':
      if (d.agents.get(event.agentId)?.offline) disconnectAgent(d, event.agentId, now);
      return;
    case 'call.restored':
      return restoreCall(d, event.sessionId, event.agentId, event.skills, now);
    case 'user.enqueued': {
      // Never earlier than a held place (a refused request's ticket) and a grace period to connect
      // ago: a page that took longer was given up.
      const earliest = now - d.config.placeHeldMs - d.config.reconnectGraceMs;
      const since = Math.min(now, Math.max(event.requestedAt ?? now, earliest));
      return enqueue(d, event.sessionId, event.traits ?? {}, since, now);
    }
    case 'queue.restored':
      return restoreQueue(d, event.users, now);
    case 'callback.due':
      return callbackDue(d, event.sessionId, event.traits ?? {}, event.dueAt, now);
    case 'callback.unanswered':
      if (d.offline.get(event.sessionId) && d.calls.get(event.sessionId)) endCall(d, event.sessionId, 'no_answer', now);
      return;
    case 'user.callbackExpired':
      return expireCallback(d, event.sessionId, now);
    case 'user.disconnected':
      return userDisconnected(d, event.sessionId, now);
    case 'user.callbackRequested':
      return callbackRequested(d, event.sessionId, event.traits ?? {}, now);
    case 'user.graceExpired':
      return graceExpired(d, event.sessionId, now);
    case 'user.cancelled':
      return cancelUser(d, event.sessionId, event.reason, now);
    case 'offer.accepted':
      return acceptOffer(d, event.sessionId, event.agentId, now);
    case 'offer.declined':
    case 'offer.timedOut':
      return offerRefused(d, event.sessionId, event.agentId, event.type === 'offer.declined', now);
    case 'queue.recheck':
      return; // dispatch below looks again
    case 'transfer.requested':
      return requestTransfer(d, event, now);
    case 'call.ended':
      return endCall(d, event.sessionId, event.reason, now);
    default: {
      const never: never = event;
      throw new Error(`unknown engine event ${JSON.stringify(never)}`);
    }
  }
}

function agentReady(d: Draft, agentId: AgentId, now: number): void {
  const agent = d.agents.get(agentId);
  if (!agent) return d.reject(`agent ${agentId} is not online`);
  if (agent.presence === 'busy' || agent.presence === 'offered') return d.reject(`agent is ${agent.presence}`);
  if (agent.presence === 'available') return;
  d.effects.push({ type: 'cancelTimer', key: wrapUpTimerKey(agentId) });
  d.setPresence(agentId, 'available', now, { missedInRow: 0 });
}

function agentAway(d: Draft, agentId: AgentId, reason: string | undefined, now: number): void {
  const agent = d.agents.get(agentId);
  if (!agent) return d.reject(`agent ${agentId} is not online`);
  if (agent.presence === 'busy' || agent.presence === 'offered') return d.reject(`agent is ${agent.presence}`);
  d.effects.push({ type: 'cancelTimer', key: wrapUpTimerKey(agentId) });
  d.setPresence(agentId, 'away', now, reason ? { awayReason: reason } : {});
}

/** The agent is gone for good: whatever they held goes back to the queue. */
function disconnectAgent(d: Draft, agentId: AgentId, now: number): void {
  const agent = d.agents.get(agentId);
  if (!agent) return;
  // A transfer ringing for this agent, or handed on by them, is off.
  const ringing = transferOfferedTo(d, agentId);
  if (ringing) failTransfer(d, ringing, 'cancelled', now);
  if (agent.sessionId && d.transfers.get(agent.sessionId)?.from === agentId)
    failTransfer(d, agent.sessionId, 'cancelled', now);
  d.agents.delete(agentId);
  d.effects.push({ type: 'cancelTimer', key: agentGraceTimerKey(agentId) });
  if (ringing) return;
  d.effects.push({ type: 'cancelTimer', key: wrapUpTimerKey(agentId) });
  const sessionId = agent.sessionId;
  if (!sessionId) return;
  if (agent.presence === 'offered') {
    const index = d.queueIndex(sessionId);
    const waiting = d.queue.get(index);
    if (waiting) d.queue.set(index, withoutOffer(waiting));
    d.effects.push({ type: 'cancelTimer', key: offerTimerKey(sessionId) });
  } else if (agent.presence === 'busy' && d.calls.get(sessionId) === agentId) {
    // The user goes back to the head of the queue and is told why.
    d.calls.delete(sessionId);
    d.insert(0, {
      sessionId,
      enqueuedAt: now,
      sortKey: Number.NEGATIVE_INFINITY,
      traits: {},
      declinedBy: NOBODY_DECLINED,
    });
    d.effects.push(
      { type: 'recordEvent', sessionId, kind: 'requeued', at: now, agentId, reason: 'agent_disconnected' },
      { type: 'requeueUser', sessionId, reason: 'agent_disconnected' },
    );
  }
}

function enqueue(d: Draft, sessionId: SessionId, traits: RequestTraits, enqueuedAt: number, now: number): void {
  if (d.offline.get(sessionId)) return userReconnected(d, sessionId);
  if (d.queueIndex(sessionId) >= 0 || d.calls.get(sessionId)) return;
  const key = sortKey(enqueuedAt, traits.tier, d.config);
  const user: WaitingUser = { sessionId, enqueuedAt, sortKey: key, traits, declinedBy: NOBODY_DECLINED };
  d.insert(insertionIndex(d.queue, key), user);
  d.effects.push(
    { type: 'recordEvent', sessionId, kind: 'queued', at: enqueuedAt },
    ...preferenceRechecks(user, now, d.config),
  );
}

function userReconnected(d: Draft, sessionId: SessionId): void {
  d.offline.delete(sessionId);
  d.effects.push({ type: 'cancelTimer', key: graceTimerKey(sessionId) });
  d.greet(sessionId);
}

function callbackRequested(d: Draft, sessionId: SessionId, traits: RequestTraits, now: number): void {
  if (d.calls.get(sessionId)) return d.reject('the call has already started');
  if (d.queueIndex(sessionId) < 0) enqueue(d, sessionId, traits, now, now);
  const index = d.queueIndex(sessionId);
  if (index < 0) return d.reject('this session is not waiting');
  d.queue.set(index, { ...(d.queue.get(index) as WaitingUser), callback: true });
  d.effects.push(
    { type: 'recordEvent', sessionId, kind: 'callback_requested', at: now },
    callbackExpiry(sessionId, now, d.config),
  );
}

function userDisconnected(d: Draft, sessionId: SessionId, now: number): void {
  const index = d.queueIndex(sessionId);
  if (index < 0 && !d.calls.get(sessionId)) return;
  d.offline.set(sessionId, true);
  // A callback stays in the queue as it is; the agent follows up even if the page closed.
  if (d.queue.get(index)?.callback) return;
  if (index >= 0) d.withdrawOffer(index, 'cancelled', now);
  d.effects.push(graceTimer(sessionId, now, d.config));
}

function graceExpired(d: Draft, sessionId: SessionId, now: number): void {
  if (!d.offline.get(sessionId) || d.queue.get(d.queueIndex(sessionId))?.callback) return;
  if (d.calls.get(sessionId)) return endCall(d, sessionId, 'user_disconnected', now);
  cancelUser(d, sessionId, 'user_disconnected', now);
}

function cancelUser(
  d: Draft,
  sessionId: SessionId,
  reason: 'user_cancelled' | 'user_disconnected' | 'callback_scheduled',
  now: number,
): void {
  const index = d.queueIndex(sessionId);
  if (index < 0) return;
  d.withdrawOffer(index, 'cancelled', now);
  d.removeAt(index);
  d.offline.delete(sessionId);
  d.effects.push(
    { type: 'cancelTimer', key: graceTimerKey(sessionId) },
    { type: 'recordEvent', sessionId, kind: 'abandoned', at: now, reason },
  );
}

function acceptOffer(d: Draft, sessionId: SessionId, agentId: AgentId, now: number): void {
  if (acceptTransfer(d, sessionId, agentId, now)) return;
  const index = d.queueIndex(sessionId);
  const waiting = d.queue.get(index);
  const agent = d.agents.get(agentId);
  if (!waiting || !agent || waiting.offeredTo !== agentId) return d.reject('this request is no longer offered to you');
  d.removeAt(index);
  d.setAgent({ ...agent, presence: 'busy', sessionId, missedInRow: 0 });
  d.calls.set(sessionId, agentId);
  d.effects.push(
    { type: 'cancelTimer', key: offerTimerKey(sessionId) },
    { type: 'recordEvent', sessionId, kind: 'accepted', at: now, agentId },
    { type: 'startCall', sessionId, agentId },
    { type: 'agentPresence', agentId, presence: 'busy' },
  );
  if (waiting.callback && d.offline.get(sessionId)) ringUntilAnswered(d, sessionId, now);
}

function offerRefused(d: Draft, sessionId: SessionId, agentId: AgentId, declined: boolean, now: number): void {
  if (d.transfers.get(sessionId)?.to === agentId) {
    failTransfer(d, sessionId, declined ? 'declined' : 'timeout', now);
    return;
  }
  const index = d.queueIndex(sessionId);
  const waiting = d.queue.get(index);
  const agent = d.agents.get(agentId);
  if (!waiting || !agent || waiting.offeredTo !== agentId) {
    if (declined) d.reject('this request is no longer offered to you');
    return; // a stale timeout
  }
  d.withdrawOffer(index, declined ? 'declined' : 'timeout', now);
  // A decline is final for this user; a missed offer may ring again (the agent is set away
  // after maxMissedOffers), so a lone agent who stepped away still gets the user on return.
  if (declined)
    d.queue.set(index, { ...(d.queue.get(index) as WaitingUser), declinedBy: [...waiting.declinedBy, agentId] });
  d.effects.push({ type: 'recordEvent', sessionId, kind: declined ? 'declined' : 'offer_timeout', at: now, agentId });
  if (declined) return d.setPresence(agentId, 'available', now, { missedInRow: 0 });
  // Someone who keeps missing offers is probably not at the desk: set them away.
  const missedInRow = agent.missedInRow + 1;
  if (missedInRow >= d.config.maxMissedOffers)
    d.setPresence(agentId, 'away', now, { missedInRow, awayReason: 'missed offers' });
  else d.setPresence(agentId, 'available', now, { missedInRow });
}

function endCall(
  d: Draft,
  sessionId: SessionId,
  reason: Extract<EngineEvent, { type: 'call.ended' }>['reason'] | 'no_answer',
  now: number,
): void {
  const agentId = d.calls.get(sessionId);
  if (!agentId) return d.reject('no live call for this session');
  failTransfer(d, sessionId, 'cancelled', now);
  d.calls.delete(sessionId);
  d.offline.delete(sessionId);
  d.effects.push(
    { type: 'cancelTimer', key: graceTimerKey(sessionId) },
    { type: 'endCall', sessionId, agentId, reason },
  );
  d.afterCall(agentId, now);
}
