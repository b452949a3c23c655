import { type BusinessHours, isOpen } from '../businessHours.js';
import type { CallbackPolicy } from './policy.js';

/** Slots offered at most: a week of half hours in business hours is well under this. */
const MAX_SLOTS = 200;

export interface Slot {
  at: number;
  free: number;
}

/**
 * The times a user may pick: each slot of the tenant's policy in the coming days that starts in
 * business hours, with room left under the slot's capacity (what the team can honour at once).
 * `booked` holds the due times of open callbacks in the window.
 */
export function freeSlots(
  policy: CallbackPolicy,
  hours: BusinessHours | undefined,
  booked: readonly number[],
  now: number,
): Slot[] {
  const step = policy.slotMinutes * 60_000;
  const first = Math.ceil((now + policy.leadMinutes * 60_000) / step) * step;
  const end = now + policy.days * 86_400_000;
  const taken = new Map<number, number>();
  for (const at of booked) {
    const slot = Math.floor(at / step) * step;
    taken.set(slot, (taken.get(slot) ?? 0) + 1);
  }
  const slots: Slot[] = [];
  for (let at = first; at < end && slots.length < MAX_SLOTS; at += step) {
    if (!isOpen(hours, at)) continue;
    const free = policy.slotCapacity - (taken.get(at) ?? 0);
    if (free > 0) slots.push({ at, free });
  }
  return slots;
}

/** Whether `at` is a slot a user may book now (its start, free, in hours). */
export function isFreeSlot(slots: readonly Slot[], at: number): boolean {
  return slots.some((s) => s.at === at);
}
