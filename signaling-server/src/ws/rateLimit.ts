/** Frames a socket may send in a burst, and how fast its budget refills. */
export const RATE_BURST = 100;
export const RATE_PER_SECOND = 50;

/**
 * A token bucket kept in two numbers of the socket's own record (thousands of sockets each
 * have one: no object of its own). `take` spends a token if there is one.
 */
export interface RateBudget {
  tokens: number;
  last: number;
}

export function take(budget: RateBudget, now: number): boolean {
  budget.tokens = Math.min(RATE_BURST, budget.tokens + ((now - budget.last) / 1000) * RATE_PER_SECOND);
  budget.last = now;
  if (budget.tokens < 1) return false;
  budget.tokens -= 1;
  return true;
}
