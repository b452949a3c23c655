import type { SessionId } from '@lifeline/shared';
import { type Draft, graceTimerKey, preferenceRechecks } from './draft.js';
import { insertionIndex, sortKey } from './routing.js';
import type { Effect, EngineConfig, RequestTraits, WaitingUser } from './types.js';
import { NOBODY_DECLINED } from './types.js';

const callbackTimerKey = (sessionId: SessionId) => `callback:${sessionId}`;

/** A callback is kept this long after it was asked for (callbackTtlMs), then closed. */
export function callbackExpiry(sessionId: SessionId, requestedAt: number, config: EngineConfig): Effect {
  return {
    type: 'scheduleTimer',
    key: callbackTimerKey(sessionId),
    at: requestedAt + config.callbackTtlMs,
    event: { type: 'user.callbackExpired', sessionId },
  };
}

/** Nobody called back in time: the request leaves the queue, recorded as such. */
export function expireCallback(d: Draft, sessionId: SessionId, now: number): void {
  const index = d.queueIndex(sessionId);
  const waiting = d.queue.get(index);
  if (!waiting?.callback) return;
  d.withdrawOffer(index, 'cancelled', now);
  d.removeAt(index);
  d.offline.delete(sessionId);
  d.effects.push(
    { type: 'cancelTimer', key: graceTimerKey(sessionId) },
    { type: 'recordEvent', sessionId, kind: 'abandoned', at: now, reason: 'callback_expired' },
  );
}

/**
 * A scheduled callback came due. It joins the live queue by its due time (so a callback due at
 * 16:00 is served before a user who pressed help at 16:01), as a callback: offered although the
 * user's page is not connected, since the user answers from wherever they are in the product.
 */
export function callbackDue(d: Draft, sessionId: SessionId, traits: RequestTraits, dueAt: number, now: number): void {
  if (d.queueIndex(sessionId) >= 0 || d.calls.get(sessionId)) return;
  const enqueuedAt = Math.min(dueAt, now);
  const key = sortKey(enqueuedAt, traits.tier, d.config);
  const user: WaitingUser = {
    sessionId,
    enqueuedAt,
    sortKey: key,
    traits,
    declinedBy: NOBODY_DECLINED,
    callback: true,
  };
  d.insert(insertionIndex(d.queue, key), user);
  d.offline.set(sessionId, true);
  d.effects.push(
    { type: 'recordEvent', sessionId, kind: 'callback_requested', at: now },
    callbackExpiry(sessionId, now, d.config),
    ...preferenceRechecks(user, now, d.config),
  );
}

/**
 * An agent took a callback whose user is not connected: the user's side rings (any page of the
 * product with the loader) for `callbackRingMs`; unanswered, the call ends as `no_answer`.
 */
export function ringUntilAnswered(d: Draft, sessionId: SessionId, now: number): void {
  d.effects.push({
    type: 'scheduleTimer',
    key: graceTimerKey(sessionId),
    at: now + d.config.callbackRingMs,
    event: { type: 'callback.unanswered', sessionId },
  });
}
