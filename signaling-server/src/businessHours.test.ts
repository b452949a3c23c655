import { expect, test } from 'vitest';
import { BusinessHours, isOpen, nextOpening } from './businessHours.js';

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

test.each([
  ['Monday before opening: 09:00 that morning', '2026-11-23T06:12:30Z', '2026-11-23T08:00:00Z'],
  ['Monday after closing: Saturday 10:00', '2026-11-23T17:00:00Z', '2026-11-28T09:00:00Z'],
  ['Saturday after noon: Monday 09:00', '2026-11-28T11:30:00Z', '2026-11-30T08:00:00Z'],
])('the next opening, %s', (_name, now, opens) => {
  expect(new Date(nextOpening(paris, Date.parse(now)) as number).toISOString()).toBe(new Date(opens).toISOString());
});

test('open now, or never within the week, there is no next opening to tell', () => {
  expect(nextOpening(paris, Date.parse('2026-11-23T10:00:00Z'))).toBeNull();
  expect(nextOpening(undefined, Date.parse('2026-11-23T03:00:00Z'))).toBeNull();
  expect(nextOpening(BusinessHours.parse({ timeZone: 'UTC' }), Date.parse('2026-11-23T03:00:00Z'))).toBeNull();
});
