import type { TimeToAnswerReply } from '@lifeline/shared';
import { percentiles } from '../stats.js';
import type { SessionRecord } from '../store/types.js';

const HOUR = 3_600_000;
/** Bucket edges for the distribution chart: a Mayday-style promise lives in the first few. */
export const WAIT_BUCKETS_MS = [5_000, 10_000, 20_000, 30_000, 60_000, 120_000] as const;

/**
 * Time to answer of the sessions requested in [from, to), per hour and as a distribution: the
 * definition, from the events; the store computes the same in SQL (`store/sql/figuresQueries.ts`).
 */
export function timeToAnswerCharts(
  sessions: Iterable<SessionRecord>,
  from: number,
  to: number,
  serviceLevel: { targetMs: number; goal: number },
): TimeToAnswerReply {
  const firstHour = from - (from % HOUR);
  const hours = Math.max(1, Math.min(48, Math.ceil((to - firstHour) / HOUR)));
  const perHour: number[][] = Array.from({ length: hours }, () => []);
  const abandonedPerHour = new Array<number>(hours).fill(0);
  const counts = new Array<number>(WAIT_BUCKETS_MS.length + 1).fill(0);
  for (const s of sessions) {
    if (s.requestedAt < from || s.requestedAt >= to) continue;
    const hour = Math.floor((s.requestedAt - firstHour) / HOUR);
    const accepted = s.events.find((e) => e.kind === 'accepted');
    if (!accepted) {
      if (s.events.some((e) => e.kind === 'abandoned')) abandonedPerHour[hour] = (abandonedPerHour[hour] ?? 0) + 1;
      continue;
    }
    const wait = accepted.at - s.requestedAt;
    perHour[hour]?.push(wait);
    const bucket = WAIT_BUCKETS_MS.findIndex((edge) => wait <= edge);
    const index = bucket === -1 ? WAIT_BUCKETS_MS.length : bucket;
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return {
    window: { from, to },
    serviceLevel,
    byHour: perHour.map((waits, i) => {
      const { p50, p90 } = percentiles(waits);
      const closed = waits.length + (abandonedPerHour[i] ?? 0);
      const within = waits.filter((wait) => wait <= serviceLevel.targetMs).length;
      const level = closed ? within / closed : null;
      return { hourStart: firstHour + i * HOUR, answered: waits.length, p50, p90, serviceLevel: level };
    }),
    distribution: counts.map((count, i) => ({ upToMs: WAIT_BUCKETS_MS[i] ?? null, count })),
  };
}
