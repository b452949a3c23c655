import { describe, expect, test } from 'vitest';
import { EtaEstimator, PRIOR_HANDLE_MS } from './eta.js';

describe('wait estimate', () => {
  test('with no agent serving the queue there is no estimate', () => {
    expect(new EtaEstimator().etaMs(1, 0, 0)).toBeNull();
  });

  test('users who have a free agent waiting for them wait nothing', () => {
    const eta = new EtaEstimator();
    expect(eta.etaMs(1, 3, 2)).toBe(0);
    expect(eta.etaMs(2, 3, 2)).toBe(0);
  });

  test('behind busy agents: position past the free ones × mean handle time ÷ agents serving', () => {
    const eta = new EtaEstimator();
    eta.record(60_000);
    eta.record(180_000); // mean 120 s
    expect(eta.etaMs(1, 1, 0)).toBe(120_000);
    expect(eta.etaMs(3, 1, 0)).toBe(360_000);
    expect(eta.etaMs(3, 2, 0)).toBe(180_000);
    // Two free agents take positions 1 and 2: position 5 is third in line behind 4 agents.
    expect(eta.etaMs(5, 4, 2)).toBe(90_000);
  });

  test('before any call has been handled, a prior handle time is used', () => {
    expect(new EtaEstimator().etaMs(2, 1, 0)).toBe(2 * PRIOR_HANDLE_MS);
  });

  test('the mean follows the last 50 calls only, and ignores impossible durations', () => {
    const eta = new EtaEstimator();
    for (let i = 0; i < 50; i++) eta.record(600_000);
    for (let i = 0; i < 50; i++) eta.record(30_000);
    eta.record(0);
    eta.record(-5);
    eta.record(Number.NaN);
    expect(eta.meanHandleMs()).toBe(30_000);
    eta.record(80_000); // one of the 30 s calls leaves the window
    expect(eta.meanHandleMs()).toBe(31_000);
  });
});
