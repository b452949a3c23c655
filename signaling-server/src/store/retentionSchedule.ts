import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { applyRetention } from './retention.js';
import type { Store } from './types.js';

const EVERY_MS = 3_600_000;

/** Applies RETENTION_DAYS at start and every hour after; returns a function that stops it. */
export function scheduleRetention(store: Store, clock: Clock, days: number, log: Logger): () => void {
  if (days <= 0) return () => undefined;
  let cancel: () => void = () => undefined;
  const run = () => {
    applyRetention(store, clock.now(), days)
      .then((erased) => {
        if (erased) log.info({ erased, days }, 'erased sessions past the retention period');
      })
      .catch((err: unknown) => log.error({ err }, 'could not apply the retention period'));
    cancel = clock.setTimer(run, EVERY_MS);
  };
  run();
  return () => cancel();
}
