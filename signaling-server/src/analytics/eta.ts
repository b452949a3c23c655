import { BOUND_QUANTILE, type Departures, FloorFutures, type ServingFloor, sum } from './futures.js';

/** Used until the first calls have been handled; replaced by measured handle times as they come. */
export const PRIOR_HANDLE_MS = 180_000;
const HANDLES_KEPT = 200;
const ANSWERS_KEPT = 300;
/** Until this many answered users have been compared with what they were told, no correction. */
const ANSWERS_BEFORE_LEARNING = 30;
/** Futures drawn per floor, and departures worked out in each; further out, at the steady pace. */
const SCENARIOS = 200;
const SCENARIO_DEPARTURES = 300;
/** Futures drawn in one turn of the event loop when drawn in slices: about a millisecond for 200 agents. */
const SCENARIOS_PER_TURN = 20;

/** What a waiting user is told: a likely wait and a bound it rarely exceeds. */
export interface WaitEstimate {
  readonly etaMs: number;
  readonly upToMs: number;
  /** The model's own figures, before calibration: kept to learn from once the user is answered. */
  readonly modelMs: number;
  readonly modelBoundMs: number;
  /** The class of user (language and area) whose corrections it took, and learns into. */
  readonly userClass?: string;
  /** The waits the model drew for this user (`keepDrawn` only: how far any estimate could be trusted). */
  readonly drawnMs?: readonly number[];
}

/**
 * Wait estimates a waiting user can rely on. The model draws 200 futures of the agents who can
 * serve the user: each busy agent's call ends after a time drawn from the measured handle times
 * longer than it has already lasted, then takes further calls of measured lengths. The user with
 * `ahead` users before them (and `free` agents ready) is answered at the (ahead - free + 1)-th
 * departure, plus the time agents take to accept: the mean over the futures is the estimate, the
 * 90th percentile the bound. What the model cannot see (users ahead giving up, missed offers) it
 * learns: each answered user's wait against what the model told them gives a correction for the
 * estimate (the median ratio) and for the bound (so that nine in ten are within it).
 */
export class WaitEstimator {
  private readonly handles: number[] = [];
  private readonly answerDelays: number[] = [];
  /** What the model missed, over everyone and for each class of user (language and area). */
  private readonly learnedOverall = new Corrections();
  private readonly learnedByClass = new Map<string, Corrections>();
  private readonly futures = new WeakMap<ServingFloor, Departures>();
  /** Each all-free floor as if its agents' calls started now: one per floor, drawn once. */
  private readonly startingNow = new WeakMap<ServingFloor, ServingFloor>();
  private seed = 0x2545f491;

  /**
   * `keepDrawn` (the simulator) returns the drawn waits with each estimate: were the model exact,
   * its users' waits would spread like them, which bounds how close any single figure can come.
   */
  constructor(private readonly options: { keepDrawn?: boolean } = {}) {}

  record(handleMs: number): void {
    if (!(handleMs > 0)) return;
    // A floor's futures are kept as drawn: the hub looks at its floors again within a second.
    keepLast(this.handles, handleMs, HANDLES_KEPT);
  }

  recordAnswerDelay(ms: number): void {
    if (ms >= 0) keepLast(this.answerDelays, ms, HANDLES_KEPT);
  }

  /** A user was answered: how their wait compared with what the model first told them. */
  learn(told: Pick<WaitEstimate, 'modelMs' | 'modelBoundMs' | 'userClass'>, actualMs: number): void {
    if (told.modelMs < 5_000) return; // no wait to speak of: nothing to learn about its length
    this.learnedOverall.add(told, actualMs);
    const key = told.userClass ?? '';
    const ofClass = this.learnedByClass.get(key) ?? new Corrections();
    this.learnedByClass.set(key, ofClass);
    ofClass.add(told, actualMs);
  }

  meanHandleMs(): number {
    return this.handles.length ? mean(this.handles) : PRIOR_HANDLE_MS;
  }

  /**
   * The estimate for a user with `ahead` users before them, or null when nobody serves them.
   * `userClass` (their language and area) keeps what is learned apart where classes differ:
   * users of a language few agents speak wait longer than the model alone says.
   */
  estimate(ahead: number, floor: ServingFloor, userClass = ''): WaitEstimate | null {
    if (floor.busyElapsedMs.length + floor.free <= 0) return null;
    const answerMs = this.answerDelays.length ? mean(this.answerDelays) : 2_000;
    const n = ahead + 1 - floor.free;
    // Everyone who can serve is free yet some must wait: their calls start now.
    if (n > 0 && !floor.busyElapsedMs.length) floor = this.callsStartingNow(floor);
    if (n <= 0)
      return { etaMs: answerMs, upToMs: 3 * answerMs, modelMs: answerMs, modelBoundMs: 3 * answerMs, userClass };
    const { mean: means, bound: bounds, drawn } = this.departures(floor);
    let modelMs = means[Math.min(n, means.length) - 1] as number;
    let modelBoundMs = bounds[Math.min(n, bounds.length) - 1] as number;
    if (n > means.length) {
      // Beyond the drawn futures: departures at the floor's steady pace, their spread growing as √n.
      const agents = floor.busyElapsedMs.length;
      const extra = n - means.length;
      const handle = this.meanHandleMs();
      modelMs += (extra * handle) / agents;
      modelBoundMs += (extra * handle) / agents + (1.28 * Math.sqrt(extra) * this.handleSd()) / agents;
    }
    modelMs += answerMs;
    modelBoundMs += answerMs;
    const { estimate, bound } =
      this.learnedByClass.get(userClass)?.factors() ?? this.learnedOverall.factors() ?? UNCORRECTED;
    const waits = n <= means.length ? drawn?.[n - 1]?.map((at) => at + answerMs) : undefined;
    return {
      etaMs: Math.round(modelMs * estimate),
      upToMs: Math.round(Math.max(modelMs * estimate, modelBoundMs * bound)),
      modelMs,
      modelBoundMs,
      userClass,
      ...(waits ? { drawnMs: waits } : {}),
    };
  }

  /**
   * The same floor, every agent's call starting now. Kept per floor: a new object for each user
   * would draw the futures again for each (thousands of times in one sweep of a long queue).
   */
  private callsStartingNow(floor: ServingFloor): ServingFloor {
    let starting = this.startingNow.get(floor);
    if (!starting) {
      starting = { busyElapsedMs: Array(floor.free).fill(0), free: 0 };
      this.startingNow.set(floor, starting);
    }
    return starting;
  }

  /** The drawn futures of one floor (many waiting users share one floor). */
  private departures(floor: ServingFloor): Departures {
    const known = this.futures.get(floor);
    if (known) return known;
    const futures = this.futuresOf(floor);
    futures.drawMore(SCENARIOS);
    return this.keep(floor, futures);
  }

  /**
   * Draws the futures of `floor` a slice at a time, the event loop free between slices, so that
   * estimates for it are then ready at once. Meanwhile the caller answers from an older floor.
   */
  async drawInSlices(floor: ServingFloor, scenariosPerTurn = SCENARIOS_PER_TURN): Promise<void> {
    // A floor of free agents only is estimated with their calls starting now (see `estimate`).
    const drawnFor = floor.busyElapsedMs.length || !floor.free ? floor : this.callsStartingNow(floor);
    if (!drawnFor.busyElapsedMs.length || this.futures.has(drawnFor)) return;
    const futures = this.futuresOf(drawnFor);
    while (!futures.done) {
      futures.drawMore(scenariosPerTurn);
      await new Promise((turn) => setImmediate(turn));
    }
    if (!this.futures.has(drawnFor)) this.keep(drawnFor, futures);
  }

  private futuresOf(floor: ServingFloor): FloorFutures {
    const sorted = [...(this.handles.length ? this.handles : [PRIOR_HANDLE_MS])].sort((a, b) => a - b);
    return new FloorFutures(floor, sorted, SCENARIOS, SCENARIO_DEPARTURES, () => this.random());
  }

  private keep(floor: ServingFloor, futures: FloorFutures): Departures {
    const departures = futures.departures(this.options.keepDrawn);
    this.futures.set(floor, departures);
    return departures;
  }

  private handleSd(): number {
    const m = this.meanHandleMs();
    return this.handles.length > 1 ? Math.sqrt(mean(this.handles.map((h) => (h - m) ** 2))) : m;
  }

  /** A small seeded generator: estimates are reproducible, in tests and in the simulator. */
  private random(): number {
    this.seed = (this.seed + 0x6d2b79f5) | 0;
    let t = Math.imul(this.seed ^ (this.seed >>> 15), 1 | this.seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
}

/**
 * What the model cannot see, learned from answered users: each one's wait against what the model
 * told them gives a correction for the estimate (the median ratio) and for the bound (so that
 * nine in ten are within it). None until enough users have been answered.
 */
class Corrections {
  /** actual / model, and actual / model bound, for users answered lately. */
  private readonly ratios: number[] = [];
  private readonly boundRatios: number[] = [];
  private learned: { estimate: number; bound: number } | null = null;

  add(told: Pick<WaitEstimate, 'modelMs' | 'modelBoundMs'>, actualMs: number): void {
    keepLast(this.ratios, clamp(actualMs / told.modelMs), ANSWERS_KEPT);
    keepLast(this.boundRatios, clamp(actualMs / told.modelBoundMs), ANSWERS_KEPT);
    this.learned = null;
  }

  /** The factors to apply, or undefined while too few users have been answered to tell. */
  factors(): { estimate: number; bound: number } | undefined {
    if (this.ratios.length < ANSWERS_BEFORE_LEARNING) return undefined;
    this.learned ??= { estimate: quantile(this.ratios, 0.5), bound: quantile(this.boundRatios, BOUND_QUANTILE) };
    return this.learned;
  }
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

const UNCORRECTED = { estimate: 1, bound: 1 };
const clamp = (ratio: number) => Math.max(0.2, Math.min(5, ratio));

function keepLast(values: number[], value: number, limit: number): void {
  values.push(value);
  if (values.length > limit) values.shift();
}

function mean(values: readonly number[]): number {
  return sum(values) / values.length;
}
