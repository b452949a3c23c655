import type { StatsReply } from '@lifeline/shared';
import { useCallback } from 'react';
import { fetchStats } from '../transport/api.js';
import { useConsoleState } from './useConsole.js';
import { usePolled } from './usePolled.js';

/** Today's service figures (read as the signed-in agent), refreshed every few seconds; null until the first answer. */
export function useServiceFigures(intervalMs = 3000): StatsReply | null {
  const token = useConsoleState((s) => s.auth?.token ?? '');
  return usePolled(
    useCallback(() => fetchStats(token), [token]),
    intervalMs,
  );
}
