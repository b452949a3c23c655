import type { Percentiles } from '@lifeline/shared';

/** Which sessions a set of figures covers: requested in [from, to), optionally narrowed. */
export interface FiguresQuery {
  from: number;
  to: number;
  tenant?: string;
  /** Sessions this agent answered (missed offers: the ones that rang this agent). */
  agentId?: string;
  /** Only sessions answered by these agents (a team). */
  agentIds?: ReadonlySet<string>;
  tier?: number;
  /** Answered within this many ms counts toward the service level. */
  serviceLevelTargetMs: number;
}

/** How figures can be split. */
export type FiguresSplit = 'tenant' | 'agent' | 'team' | 'tier';

export interface ServiceFigures {
  requests: number;
  answered: number;
  abandoned: number;
  timeToAnswerMs: Percentiles;
  timeToMediaMs: Percentiles;
  /** Share of answered-or-abandoned requests answered within the target (0..1), null when none. */
  serviceLevel: number | null;
  abandonmentRate: number | null;
  averageHandleMs: number | null;
  missedOffers: number;
}

/** The figures of no sessions at all. */
export function noFigures(): ServiceFigures {
  const none = { mean: null, p50: null, p90: null, p99: null };
  return {
    requests: 0,
    answered: 0,
    abandoned: 0,
    timeToAnswerMs: none,
    timeToMediaMs: none,
    serviceLevel: null,
    abandonmentRate: null,
    averageHandleMs: null,
    missedOffers: 0,
  };
}
