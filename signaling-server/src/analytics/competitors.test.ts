import { expect, test } from 'vitest';
import type { RequestTraits } from '../matching/types.js';
import { Competitors } from './competitors.js';

const queue = (...traits: RequestTraits[]) => traits.map((t) => ({ traits: t }));

test('a user waits behind those who ask in the same language about the same area, not behind everyone', () => {
  const waiting = queue(
    { language: 'de' },
    { language: 'en-GB' },
    { language: 'de' },
    { language: 'en', area: 'billing' },
    { language: 'en-US' },
  );
  const competitors = new Competitors(waiting);
  expect(competitors.ahead(0, { language: 'de' })).toBe(0);
  expect(competitors.ahead(2, { language: 'de' })).toBe(1);
  // English is English whatever the region: en-GB is ahead of en-US.
  expect(competitors.ahead(4, { language: 'en-US' })).toBe(1);
  expect(competitors.ahead(3, { language: 'en', area: 'billing' })).toBe(0);
  // Someone asking now waits behind everyone of their class already waiting.
  expect(competitors.ahead(Number.POSITIVE_INFINITY, { language: 'en' })).toBe(2);
  expect(competitors.ahead(Number.POSITIVE_INFINITY, { language: 'fr' })).toBe(0);
});
