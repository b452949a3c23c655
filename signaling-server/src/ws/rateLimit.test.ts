import { expect, test } from 'vitest';
import { RATE_BURST, RATE_PER_SECOND, type RateBudget, take } from './rateLimit.js';

test('a new socket may send a full burst at once, then is refused until its budget refills', () => {
  const budget: RateBudget = { tokens: undefined, last: undefined };
  const start = 1_800_000_000_000;
  let allowed = 0;
  for (let i = 0; i < RATE_BURST + 20; i++) if (take(budget, start)) allowed++;
  expect(allowed).toBe(RATE_BURST);

  // One second later: refilled by the rate, no more.
  allowed = 0;
  for (let i = 0; i < RATE_BURST; i++) if (take(budget, start + 1_000)) allowed++;
  expect(allowed).toBe(RATE_PER_SECOND);

  // A long silence refills to the burst, never beyond.
  allowed = 0;
  for (let i = 0; i < RATE_BURST * 2; i++) if (take(budget, start + 60_000)) allowed++;
  expect(allowed).toBe(RATE_BURST);
});
