import { expect, test } from 'vitest';
import { bestFigure } from './bestFigure.js';

const relativeError = (figure: number, waits: number[]) =>
  waits.reduce((sum, w) => sum + Math.abs(figure - w) / w, 0) / waits.length;

test('no other figure is closer, relative to each wait, than the best figure', () => {
  const waits = [30, 35, 42, 60, 61, 90, 150, 240, 400].map((s) => s * 1000);
  const best = bestFigure(waits);
  expect(best?.error).toBeCloseTo(relativeError(best?.figure ?? 0, waits), 10);
  for (let figure = 20_000; figure <= 500_000; figure += 1_000)
    expect(relativeError(figure, waits)).toBeGreaterThanOrEqual((best?.error ?? 0) - 1e-12);
  // Below the mean and the median: long waits forgive a minute more than short ones do.
  expect(best?.figure).toBeLessThan(waits[4] as number);
});

test('no waits, no figure', () => {
  expect(bestFigure([])).toBeUndefined();
});
