/** Used until the first calls have been handled; replaced by measured handle times as they come. */
export const PRIOR_HANDLE_MS = 180_000;
const WINDOW = 50;

/**
 * Wait estimates for users in the queue. When every agent is busy, users leave the queue at
 * the rate agents finish calls (agents / mean handle time), so the user at position k waits
 * about k x meanHandle / agents. The mean handle time is that of the last 50 calls.
 */
export class EtaEstimator {
  private readonly handleTimes: number[] = [];

  record(handleMs: number): void {
    if (!(handleMs > 0)) return;
    this.handleTimes.push(handleMs);
    if (this.handleTimes.length > WINDOW) this.handleTimes.shift();
  }

  meanHandleMs(): number {
    if (this.handleTimes.length === 0) return PRIOR_HANDLE_MS;
    return this.handleTimes.reduce((a, b) => a + b, 0) / this.handleTimes.length;
  }

  /** ETA for the user at `position` (1-based), or null when no agent serves the queue. */
  etaMs(position: number, agentsServing: number, agentsIdle: number): number | null {
    if (agentsServing <= 0) return null;
    if (position <= agentsIdle) return 0;
    return Math.round(((position - agentsIdle) * this.meanHandleMs()) / agentsServing);
  }
}
