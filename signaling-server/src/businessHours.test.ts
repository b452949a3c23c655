import { expect, test } from 'vitest';
import { BusinessHours, isOpen } from './businessHours.js';

const paris = BusinessHours.parse({ timeZone: 'Europe/Paris', mon: ['09:00', '18:00'], sat: ['10:00', '12:00'] });

test.each([
  ['Monday 08:59 in Paris is closed', '2026-11-23T07:59:00Z', false],
  ['Monday 09:00 in Paris is open', '2026-11-23T08:00:00Z', true],
  ['Monday 17:59 in Paris is open', '2026-11-23T16:59:00Z', true],
  ['Monday 18:00 in Paris is closed', '2026-11-23T17:00:00Z', false],
  ['Tuesday has no hours: closed', '2026-11-24T10:00:00Z', false],
  ['Saturday 11:00 in Paris is open', '2026-11-28T10:00:00Z', true],
])('%s', (_name, iso, open) => {
  expect(isOpen(paris, Date.parse(iso))).toBe(open);
});

test('no hours configured means always open', () => {
  expect(isOpen(undefined, Date.parse('2026-11-24T03:00:00Z'))).toBe(true);
});

test('a bad time zone or time is refused at start-up', () => {
  expect(BusinessHours.safeParse({ timeZone: 'Mars/Olympus' }).success).toBe(false);
  expect(BusinessHours.safeParse({ timeZone: 'UTC', mon: ['9:00', '18:00'] }).success).toBe(false);
});
