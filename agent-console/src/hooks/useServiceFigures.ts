import type { StatsReply } from '@lifeline/shared';
import { useEffect } from 'react';
import { fetchStats } from '../transport/api.js';
import { useConsoleContext, useConsoleState } from './useConsole.js';

/**
 * Today's service figures: read once when first shown, then as the server pushes them over the
 * console's socket (see the `figures` frame); null until the first.
 */
export function useServiceFigures(): StatsReply | null {
  const { store } = useConsoleContext();
  const token = useConsoleState((s) => s.auth?.token ?? '');
  const figures = useConsoleState((s) => s.figures);
  useEffect(() => {
    if (!token || store.getState().figures) return;
    fetchStats(token).then(
      (stats) => store.getState().figures ?? store.setState({ figures: stats }),
      () => undefined, // the next push brings them
    );
  }, [store, token]);
  return figures;
}
