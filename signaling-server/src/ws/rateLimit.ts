/** Frames a socket may send in a burst, and how fast its budget refills. */
export const RATE_BURST = 100;
export const RATE_PER_SECOND = 50;

/**
 * A token bucket kept in two fields of the socket's own record (thousands of sockets each have
 * one: no object of its own). Both start undefined, a full bucket: most waiting users never send
 * a frame after signing in, and a field that only ever held a time would box one for each.
 */
export interface RateBudget {
  tokens: number | undefined;
  last: number | undefined;
}

/** Spends a token if there is one. */
export function take(budget: RateBudget, now: number): boolean {
  const { tokens = RATE_BURST, last = now } = budget;
  const refilled = Math.min(RATE_BURST, tokens + ((now - last) / 1000) * RATE_PER_SECOND);
  budget.last = now;
  budget.tokens = refilled < 1 ? refilled : refilled - 1;
  return refilled >= 1;
}
