/** When to try again after the signaling socket dropped; null gives up. */
export interface ReconnectPolicy {
  nextRetryDelayInMs(context: { retryCount: number; elapsedMs: number }): number | null;
}

const DELAYS_MS = [0, 300, 1_000, 2_000, 4_000];

/** Quick first tries, then every 5 s, for as long as the server keeps a place (30 s by default). */
export const defaultReconnectPolicy: ReconnectPolicy = {
  nextRetryDelayInMs({ retryCount, elapsedMs }) {
    if (elapsedMs > 30_000) return null;
    return DELAYS_MS[retryCount] ?? 5_000;
  },
};
