import { expect, test } from 'vitest';
import { PlaceTickets } from './placeTickets.js';

const secret = new TextEncoder().encode('a secret of at least thirty-two bytes!');
const HELD_MS = 90_000;
const now = Date.UTC(2026, 11, 7, 12);

test('a ticket places its request when it was refused, for as long as places are held', () => {
  const tickets = new PlaceTickets(secret, HELD_MS);
  const ticket = tickets.issue(now);
  expect(tickets.placedAt(ticket, now + 5_000)).toBe(now);
  expect(tickets.placedAt(ticket, now + HELD_MS)).toBe(now);
  // Too old: the request is taken as new.
  expect(tickets.placedAt(ticket, now + HELD_MS + 1)).toBe(now + HELD_MS + 1);
  // Dated ahead (another node's clock): never placed later than it is asked.
  expect(tickets.placedAt(ticket, now - 300)).toBe(now - 300);
});

test('a ticket this service did not sign is refused with bad_request', () => {
  const tickets = new PlaceTickets(secret, HELD_MS);
  const [, signature] = tickets.issue(now).split('.');
  // An earlier time with the signature of another: refused, whatever the time says.
  const forged = `${(now - 60_000).toString(36)}.${signature}`;
  expect(() => tickets.placedAt(forged, now)).toThrow(expect.objectContaining({ code: 'bad_request' }));
  // Signed with another secret (another deployment).
  const elsewhere = new PlaceTickets(new TextEncoder().encode('another secret, thirty-two bytes long'), HELD_MS);
  expect(() => tickets.placedAt(elsewhere.issue(now), now)).toThrow(expect.objectContaining({ code: 'bad_request' }));
  expect(() => tickets.placedAt('nonsense', now)).toThrow(expect.objectContaining({ code: 'bad_request' }));
});
