/** When to try again after the signaling socket dropped; null gives up. */
export interface ReconnectPolicy {
  nextRetryDelayInMs(context: { retryCount: number; closeCode: number }): number | null;
}

const DELAYS_MS = [0, 300, 1_000, 2_000, 4_000];
const MAX_DELAY_MS = 5_000;

/**
 * Quick first tries, then every 5 s (with jitter, so a restarted server is not hit by every
 * client at once), for as long as `deadline()` allows: the server decides when a session is
 * over (a final close code), not a client-side timer.
 */
export function backoffPolicy(deadline: () => number = () => Number.POSITIVE_INFINITY): ReconnectPolicy {
  return {
    nextRetryDelayInMs({ retryCount, closeCode }) {
      if (Date.now() >= deadline()) return null;
      // A deploy asks everyone to come back at once: spread them over a short moment.
      if (closeCode === 1012 && retryCount === 0) return Math.round(Math.random() * 300);
      const base = DELAYS_MS[retryCount] ?? MAX_DELAY_MS;
      return Math.round(base * (0.8 + Math.random() * 0.4));
    },
  };
}
