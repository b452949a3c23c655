import type { Store } from './types.js';

const DAY_MS = 86_400_000;

/** Erases everything about one identified user of a tenant; says how many sessions are still open. */
export function eraseUser(store: Store, tenant: string, userId: string): Promise<{ deleted: number; open: number }> {
  return store.eraseFinished({ tenant, userId });
}

/** Erases finished sessions requested more than `days` ago (RETENTION_DAYS; 0 keeps everything). */
export async function applyRetention(store: Store, now: number, days: number): Promise<number> {
  if (days <= 0) return 0;
  return (await store.eraseFinished({ requestedBefore: now - days * DAY_MS })).deleted;
}
