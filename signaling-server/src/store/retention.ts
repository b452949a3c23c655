import type { SessionId } from '@lifeline/shared';
import { sessionStatus } from './status.js';
import type { SessionRecord, Store } from './types.js';

const DAY_MS = 86_400_000;

/** Finished sessions that match, oldest first; waiting and live ones are never erased under a call. */
function finished(store: Store, match: (s: SessionRecord) => boolean): SessionId[] {
  const ids: SessionId[] = [];
  for (const session of store.sessions()) if (match(session) && sessionStatus(session) === 'over') ids.push(session.id);
  return ids;
}

/** Erases everything about one identified user of a tenant; says how many sessions are still open. */
export function eraseUser(store: Store, tenant: string, userId: string): { deleted: number; open: number } {
  const theirs = (s: SessionRecord) => s.tenant === tenant && s.context.userId === userId;
  const ids = finished(store, theirs);
  const all = [...store.sessions()].filter(theirs).length;
  store.deleteSessions(ids);
  return { deleted: ids.length, open: all - ids.length };
}

/** Erases finished sessions requested more than `days` ago (RETENTION_DAYS; 0 keeps everything). */
export function applyRetention(store: Store, now: number, days: number): number {
  if (days <= 0) return 0;
  const ids = finished(store, (s) => s.requestedAt < now - days * DAY_MS);
  store.deleteSessions(ids);
  return ids.length;
}
