import type { StatsReply } from '@lifeline/shared';
import { useEffect, useState } from 'react';
import { fetchStats } from '../transport/api.js';

/** Today's service figures, refreshed every few seconds; null until the first answer. */
export function useServiceFigures(intervalMs = 3000): StatsReply | null {
  const [figures, setFigures] = useState<StatsReply | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      fetchStats().then(
        (f) => live && setFigures(f),
        () => undefined, // keep the last figures through a blip
      );
    void load();
    const timer = setInterval(load, intervalMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [intervalMs]);
  return figures;
}
