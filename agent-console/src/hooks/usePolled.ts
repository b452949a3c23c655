import { useEffect, useState } from 'react';

/** Loads now and every `intervalMs`; keeps the last value through a failed load. Null until the first. */
export function usePolled<T>(load: () => Promise<T>, intervalMs: number): T | null {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    let live = true;
    const refresh = () =>
      load().then(
        (v) => live && setValue(v),
        () => undefined, // keep the last figures through a blip
      );
    void refresh();
    const timer = setInterval(refresh, intervalMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [load, intervalMs]);
  return value;
}
