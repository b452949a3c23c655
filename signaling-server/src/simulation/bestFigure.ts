/**
 * The single figure with the least mean relative error against these waits, and that error: the
 * median of the waits weighted by 1/wait (relative error counts a minute off a 1-minute wait as
 * much as ten off a 10-minute one). Told of waits that fall as drawn, no estimate does better.
 */
export function bestFigure(waits: readonly number[]): { figure: number; error: number } | undefined {
  const sorted = waits.filter((w) => w > 0).sort((a, b) => a - b);
  if (!sorted.length) return undefined;
  const total = sorted.reduce((sum, w) => sum + 1 / w, 0);
  let weight = 0;
  let figure = sorted[sorted.length - 1] as number;
  for (const w of sorted) {
    weight += 1 / w;
    if (weight >= total / 2) {
      figure = w;
      break;
    }
  }
  return { figure, error: sorted.reduce((sum, w) => sum + Math.abs(figure - w) / w, 0) / sorted.length };
}
