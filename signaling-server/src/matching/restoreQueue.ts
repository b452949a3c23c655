import { callbackExpiry } from './callbacks.js';
import { type Draft, graceTimer, preferenceRechecks } from './draft.js';
import { sortKey } from './routing.js';
import type { RestoredUser, WaitingUser } from './types.js';
import { NOBODY_DECLINED } from './types.js';

/**
 * The waiting users after a restart or a takeover, in one step whatever their number (one sort,
 * not one insertion each): in place by arrival, offline until their widget reconnects, with
 * their grace period; a callback request keeps its place and its expiry. Their `queued` events
 * are already in their timelines, so nothing is recorded.
 */
export function restoreQueue(d: Draft, users: readonly RestoredUser[], now: number): void {
  const known = new Set(d.queue.map((w) => w.sessionId));
  const restored: WaitingUser[] = [];
  for (const { sessionId, enqueuedAt, traits = {}, callbackAt } of users) {
    if (known.has(sessionId) || d.calls.get(sessionId)) continue;
    known.add(sessionId);
    const user: WaitingUser = {
      sessionId,
      enqueuedAt,
      sortKey: sortKey(enqueuedAt, traits.tier, d.config),
      traits,
      declinedBy: NOBODY_DECLINED,
      ...(callbackAt !== undefined ? { callback: true } : {}),
    };
    restored.push(user);
    d.offline.set(sessionId, true);
    d.effects.push(
      ...preferenceRechecks(user, now, d.config),
      callbackAt !== undefined ? callbackExpiry(sessionId, callbackAt, d.config) : graceTimer(sessionId, now, d.config),
    );
  }
  restored.sort((a, b) => a.sortKey - b.sortKey);
  d.insertAll(restored);
}
