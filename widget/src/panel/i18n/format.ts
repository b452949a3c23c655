/** A time as the user reads it: their own language and time zone, with the zone named. */
export function when(at: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(at);
}

/** A bound in whole minutes, rounded up and said in full ("5 minutes"): "within 5 minutes" is never said of 5.2. */
export function minutesUpTo(ms: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(
    Math.max(1, Math.ceil(ms / 60_000)),
  );
}
