import type { StatsReply } from '@lifeline/shared';
import { fetchStats } from '../transport/api.js';
import { usePolled } from './usePolled.js';

/** Today's service figures, refreshed every few seconds; null until the first answer. */
export function useServiceFigures(intervalMs = 3000): StatsReply | null {
  return usePolled(fetchStats, intervalMs);
}
