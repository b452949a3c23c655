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
