import type { AgentId, StatsReply } from '@lifeline/shared';
import { todayStatsUnhurried } from '../http/statsRoute.js';
import type { Hub } from '../ws/hub.js';
import { floorReply, liveCounts } from './floorView.js';

/**
 * The pushed floor lists the head of the queue only: a queue of 10,000 is 1.5 MB of JSON, sent to
 * every supervisor on every change. `GET /api/floor` lists everyone.
 */
export const FLOOR_PUSH_LISTS = 100;
/** The most often consoles hear new figures, however busy the floor. */
export const FIGURES_PUSH_INTERVAL_MS = 1_000;

/**
 * Today's figures are read again at most once per this many times their last read took: the read
 * grows with the day's sessions (~120 ms at 20,000, in slices), and this holds it to a tenth of the
 * event loop however busy the day. The live counts are read on every push.
 */
export const HISTORY_READ_SHARE = 10;

/**
 * Consoles hear today's figures (and supervisors the floor) over the socket they already hold,
 * when something changed, instead of asking every few seconds: the engine node computes them once
 * for everyone, at most once per interval, soon after a change (a call offered, answered, ended,
 * an agent coming and going).
 */
export class FiguresPush {
  private cancel: (() => void) | null = null;
  private lastAt = Number.NEGATIVE_INFINITY;
  /** One push at a time: a slower, older one must never land after a newer one. */
  private pushing = false;
  private changedWhilePushing = false;
  private history: { stats: StatsReply; readAt: number; tookMs: number } | undefined;

  constructor(
    private readonly hub: Hub,
    private readonly intervalMs = FIGURES_PUSH_INTERVAL_MS,
  ) {}

  /** Something on the floor changed: push after a short pause that gathers the changes around it. */
  touch(): void {
    if (this.pushing) this.changedWhilePushing = true;
    if (this.cancel || this.pushing || !this.hub.runsEngine()) return;
    const { clock } = this.hub.deps;
    const wait = Math.max(50, this.lastAt + this.intervalMs - clock.now());
    this.cancel = clock.setTimer(() => void this.push(), wait);
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }

  private async push(): Promise<void> {
    const { hub } = this;
    const { clock, config, store, log } = hub.deps;
    this.lastAt = clock.now();
    this.cancel = null;
    this.pushing = true;
    this.changedWhilePushing = false;
    try {
      const agents = await store.agents();
      const history = await this.todaysHistory();
      // The live part is read last, so what is sent is the floor as it is now.
      const stats = { ...history, ...liveCounts(hub) };
      const floor = floorReply(config, hub, agents, clock.now(), FLOOR_PUSH_LISTS);
      const roles = new Map<string, string>(agents.map((a) => [a.id, a.role]));
      for (const agentId of hub.engine.state.agents.keys()) {
        const role = roles.get(agentId);
        const supervises = role === 'supervisor' || role === 'admin';
        hub.toAgent(agentId as AgentId, { type: 'figures', stats, ...(supervises ? { floor } : {}) });
      }
    } catch (err) {
      log.warn({ err }, 'figures not pushed'); // the next change pushes them again
    } finally {
      this.pushing = false;
      if (this.changedWhilePushing) this.touch();
    }
  }

  /** Today's figures without the live counts: read again, or the last read while it is fresh enough. */
  private async todaysHistory(): Promise<StatsReply> {
    const { clock, config, store } = this.hub.deps;
    const kept = this.history;
    if (kept && clock.now() - kept.readAt < HISTORY_READ_SHARE * kept.tookMs) return kept.stats;
    const readAt = clock.now();
    const targets = { serviceLevelMs: config.serviceLevelTargetMs, callbackOnTimeMs: config.callbackOnTimeMs };
    const empty = { waiting: 0, inCall: 0, agentsAvailable: 0, agentsOnline: 0 };
    const stats = await todayStatsUnhurried(store, empty, targets, readAt);
    this.history = { stats, readAt, tookMs: clock.now() - readAt };
    return stats;
  }
}
