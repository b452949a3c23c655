import type { Clock } from '../clock.js';
import { initialState, step } from '../matching/engine.js';
import type { Effect, EngineConfig, EngineEvent, EngineState } from '../matching/types.js';

/**
 * Owns the engine's state, the clock and the timers around the pure `step`: the only place
 * where engine effects meet time. Every other effect goes to the sink.
 */
export class EngineRunner {
  private current: EngineState;
  private readonly timers = new Map<string, () => void>();
  private closed = false;

  constructor(
    private readonly config: Partial<EngineConfig>,
    private readonly clock: Clock,
    private readonly sink: (effect: Effect) => void,
  ) {
    this.current = initialState(config);
  }

  get state(): EngineState {
    return this.current;
  }

  /** Applies one event; returns the effects so the caller can answer a rejected request. */
  dispatch(event: EngineEvent): readonly Effect[] {
    if (this.closed) return []; // shutting down: sockets closing now must not schedule more work
    const { state, effects } = step(this.current, event, this.clock.now());
    this.current = state;
    for (const effect of effects) {
      if (effect.type === 'scheduleTimer') this.schedule(effect.key, effect.at, effect.event);
      else if (effect.type === 'cancelTimer') this.cancel(effect.key);
      else this.sink(effect);
    }
    return effects;
  }

  close(): void {
    this.closed = true;
    this.cancelAll();
  }

  /** Back to an empty engine, no timer pending: another node runs it now. */
  reset(): void {
    this.cancelAll();
    this.current = initialState(this.config);
  }

  private cancelAll(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }

  /**
   * A Node timer can fire a millisecond before `Date.now()` reaches its time (it counts on a
   * monotonic clock, rounded). The engine compares deadlines with `now`, and a look at the queue
   * made a moment early would find a preference still holding, with nothing left to look again:
   * so an early timer waits out the rest.
   */
  private schedule(key: string, at: number, event: EngineEvent): void {
    this.cancel(key);
    const arm = (atLeastMs: number) =>
      this.clock.setTimer(
        () => {
          if (this.clock.now() < at) return void this.timers.set(key, arm(1));
          this.timers.delete(key);
          this.dispatch(event);
        },
        Math.max(atLeastMs, at - this.clock.now()),
      );
    this.timers.set(key, arm(0));
  }

  private cancel(key: string): void {
    this.timers.get(key)?.();
    this.timers.delete(key);
  }
}
