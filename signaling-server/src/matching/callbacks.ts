import type { SessionId } from '@lifeline/shared';
import { type Draft, graceTimerKey } from './draft.js';
import type { Effect, EngineConfig } from './types.js';

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
  const waiting = d.queue[index];
  if (!waiting?.callback) return;
  d.withdrawOffer(index, 'cancelled', now);
  d.removeAt(index);
  d.offline.delete(sessionId);
  d.effects.push(
    { type: 'cancelTimer', key: graceTimerKey(sessionId) },
    { type: 'recordEvent', sessionId, kind: 'abandoned', at: now, reason: 'callback_expired' },
  );
}
