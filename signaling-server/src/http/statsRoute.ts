import type { StatsReply, TimeToAnswerReply } from '@lifeline/shared';
import type { Request } from 'express';
import { z } from 'zod';
import { noFigures } from '../analytics/figureTypes.js';
import type { LiveCounts } from '../runtime/engineInputs.js';
import type { Store } from '../store/types.js';
import { parseBody } from './errors.js';

const WINDOWS = { '15m': 15 * 60_000, '1h': 3_600_000, '24h': 86_400_000 } as const;

export const StatsQuery = z.object({
  window: z.enum(['15m', '1h', '24h', 'today', 'all', 'custom']).default('all'),
  from: z.coerce.number().int().min(0).optional(),
  to: z.coerce.number().int().min(0).optional(),
  tenant: z.string().max(64).optional(),
  agent: z.string().max(64).optional(),
  tier: z.coerce.number().int().min(0).optional(),
  groupBy: z.enum(['tenant', 'agent', 'team', 'tier']).optional(),
  serviceLevelTargetMs: z.coerce.number().int().positive().optional(),
});

/** [from, to) for a named window; "today" starts at midnight UTC. */
function windowBounds(q: z.infer<typeof StatsQuery>, now: number): { from: number; to: number } {
  switch (q.window) {
    case 'all':
      return { from: 0, to: now + 1 };
    case 'today':
      return { from: now - (now % 86_400_000), to: now + 1 };
    case 'custom':
      return { from: q.from ?? 0, to: q.to ?? now + 1 };
    default:
      return { from: now - WINDOWS[q.window], to: now + 1 };
  }
}

/** GET /api/stats/time-to-answer: the charts' data over the same windows as the figures. */
export async function timeToAnswerReply(
  req: Request,
  store: Store,
  serviceLevel: { targetMs: number; goal: number },
  now: number,
): Promise<TimeToAnswerReply> {
  const { from, to } = windowBounds(parseBody(StatsQuery, req.query), now);
  return store.timeToAnswer(from, to, serviceLevel);
}

/** GET /api/stats: the service figures over a window, optionally split, plus the live floor. */
export async function statsReply(
  req: Request,
  store: Store,
  live: LiveCounts,
  targets: StatsTargets,
  now: number,
): Promise<StatsReply> {
  return statsFor(parseBody(StatsQuery, req.query), store, live, targets, now);
}

export interface StatsTargets {
  serviceLevelMs: number;
  callbackOnTimeMs: number;
}

/** What the consoles show: today's figures for the whole floor. */
export const TODAY = StatsQuery.parse({ window: 'today' });

/**
 * `statsFor(TODAY)`, read in slices (`figuresUnhurried`) for the consoles' push: the same
 * figures, taking a little longer, and never holding up a call meanwhile.
 */
export async function todayStatsUnhurried(
  store: Store,
  live: LiveCounts,
  targets: StatsTargets,
  now: number,
): Promise<StatsReply> {
  const query = { ...windowBounds(TODAY, now), serviceLevelTargetMs: targets.serviceLevelMs };
  const [figures, callbacks] = await Promise.all([
    store.figuresUnhurried(query),
    store.callbacks.figures(query.from, query.to, targets.callbackOnTimeMs),
  ]);
  return { window: query, ...figures, ...live, callbacks };
}

/** The figures over a window, optionally split, plus the live floor. */
export async function statsFor(
  q: z.infer<typeof StatsQuery>,
  store: Store,
  live: LiveCounts,
  targets: StatsTargets,
  now: number,
): Promise<StatsReply> {
  const query = {
    ...windowBounds(q, now),
    serviceLevelTargetMs: q.serviceLevelTargetMs ?? targets.serviceLevelMs,
    ...(q.tenant !== undefined ? { tenant: q.tenant } : {}),
    ...(q.agent !== undefined ? { agentId: q.agent } : {}),
    ...(q.tier !== undefined ? { tier: q.tier } : {}),
  };
  const [all, groups, callbacks] = await Promise.all([
    store.figures(query),
    q.groupBy ? store.figures(query, q.groupBy) : undefined,
    store.callbacks.figures(query.from, query.to, targets.callbackOnTimeMs, q.tenant),
  ]);
  return {
    window: { from: query.from, to: query.to, serviceLevelTargetMs: query.serviceLevelTargetMs },
    ...(all.get('') ?? noFigures()),
    ...live,
    ...(groups ? { groups: Object.fromEntries(groups) } : {}),
    callbacks,
  };
}
