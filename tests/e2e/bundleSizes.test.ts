import { expect, test } from 'vitest';
import { bundleSizes } from '../bench/sizes.js';

// The built artefacts users download stay within DESIGN.md's budgets (sizes are exact, not timings).
test.each(bundleSizes().filter((s) => s.budgetKb !== null))('$what is within $budgetKb KB', ({ kb, budgetKb }) => {
  expect(kb).toBeLessThanOrEqual(budgetKb as number);
});
