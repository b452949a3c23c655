import { z } from 'zod';

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const Day = z.tuple([Time, Time]);

/** Opening hours in the tenant's own time zone, e.g. { timeZone: 'Europe/Paris', mon: ['09:00', '18:00'] }. */
export const BusinessHours = z.object({
  timeZone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone'),
  mon: Day.optional(),
  tue: Day.optional(),
  wed: Day.optional(),
  thu: Day.optional(),
  fri: Day.optional(),
  sat: Day.optional(),
  sun: Day.optional(),
});
export type BusinessHours = z.infer<typeof BusinessHours>;

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Is the tenant open at `nowMs`? A day without hours is closed; no hours at all means always open. */
export function isOpen(hours: BusinessHours | undefined, nowMs: number): boolean {
  if (!hours) return true;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: hours.timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(nowMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = get('weekday').toLowerCase().slice(0, 3) as (typeof DAYS)[number];
  const range = hours[day];
  if (!range) return false;
  const time = `${get('hour')}:${get('minute')}`;
  return time >= range[0] && time < range[1];
}

const MINUTE = 60_000;

/** The next minute the tenant opens after `nowMs` (within `withinMs`); null if open now or never. */
export function nextOpening(hours: BusinessHours | undefined, nowMs: number, withinMs = 8 * 86_400_000): number | null {
  if (isOpen(hours, nowMs)) return null;
  const start = Math.ceil(nowMs / MINUTE) * MINUTE;
  // Opening times are whole minutes: look in quarter hours, then the minutes before the first open one.
  for (let at = start; at <= nowMs + withinMs; at += 15 * MINUTE) {
    if (!isOpen(hours, at)) continue;
    let first = at;
    while (first - MINUTE >= start && isOpen(hours, first - MINUTE)) first -= MINUTE;
    return first;
  }
  return null;
}
