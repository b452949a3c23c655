import type { SessionId } from '@lifeline/shared';
import { sessionStatus } from './status.js';
import type { SessionRecord, Store } from './types.js';

const DAY_MS = 86_400_000;

/**
 * The matching sessions, split: finished ones (erasable) and open ones (waiting or live, never
 * erased under a call).
 */
function matching(store: Store, match: (s: SessionRecord) => boolean): { finished: SessionId[]; open: number } {
  const finished: SessionId[] = [];
  let open = 0;
  for (const session of store.sessions()) {
    if (!match(session)) continue;
    if (sessionStatus(session) === 'over') finished.push(session.id);
    else open++;
  }
  return { finished, open };
}

/** Erases everything about one identified user of a tenant; says how many sessions are still open. */
export function eraseUser(store: Store, tenant: string, userId: string): { deleted: number; open: number } {
  const { finished, open } = matching(store, (s) => s.tenant === tenant && s.context.userId === userId);
  store.deleteSessions(finished);
  return { deleted: finished.length, open };
}

/** Erases finished sessions requested more than `days` ago (RETENTION_DAYS; 0 keeps everything). */
export function applyRetention(store: Store, now: number, days: number): number {
  if (days <= 0) return 0;
  const { finished } = matching(store, (s) => s.requestedAt < now - days * DAY_MS);
  store.deleteSessions(finished);
  return finished.length;
}
