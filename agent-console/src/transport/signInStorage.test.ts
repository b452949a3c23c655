import { expect, test } from 'vitest';
import { refreshDelayMs } from './signInStorage.js';

const HOUR = 3_600_000;

test('a token is refreshed when 80% of its life is gone, and never later than a minute before expiry', () => {
  expect(refreshDelayMs(HOUR, 0)).toBe(0.8 * HOUR);
  expect(refreshDelayMs(2 * 60_000, 0)).toBe(60_000);
  expect(refreshDelayMs(30_000, 0)).toBe(0);
});
