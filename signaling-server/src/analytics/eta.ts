/** Used until the first calls have been handled; replaced by measured handle times as they come. */
export const PRIOR_HANDLE_MS = 180_000;
const HANDLES_KEPT = 200;
const ANSWERS_KEPT = 300;
/** Until this many answered users have been compared with what they were told, no correction. */
const ANSWERS_BEFORE_LEARNING = 30;
/** Futures drawn per floor, and departures worked out in each; further out, at the steady pace. */
const SCENARIOS = 200;
const SCENARIO_DEPARTURES = 300;
/** The share of users whose wait the stated bound must cover. */
const BOUND_QUANTILE = 0.9;

/** The agents who can serve one user, as they are now. */
export interface ServingFloor {
  /** How long each busy agent has been in their call so far. */
  readonly busyElapsedMs: readonly number[];
  /** Agents free or ringing: the next users in line go to them. */
  readonly free: number;
  /**
   * These are only some of the agents working (those with the user's language or area): the
   * user waits behind the users ahead who wait for the same agents, not behind the whole queue.
   */
  readonly bySkill?: boolean;
}

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

/** The k-th departure (1-based) across the drawn futures: its mean and its bound quantile. */
interface Departures {
  mean: number[];
  bound: number[];
  /** Each departure's drawn times, kept only for `keepDrawn`. */
  drawn?: number[][];
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
    const sorted = [...(this.handles.length ? this.handles : [PRIOR_HANDLE_MS])].sort((a, b) => a - b);
    const draw = () => sorted[Math.floor(this.random() * sorted.length)] as number;
    /** Time left in a call that has lasted `elapsed`: a handle time longer than that, less it. */
    const remaining = (elapsed: number) => {
      const from = sortedIndexAbove(sorted, elapsed);
      if (from >= sorted.length) return this.random() * (sorted[0] as number); // longer than any seen
      return (sorted[from + Math.floor(this.random() * (sorted.length - from))] as number) - elapsed;
    };
    const count = Math.min(SCENARIO_DEPARTURES, 1 + 3 * floor.busyElapsedMs.length);
    // One flat array, departure by departure (each k's futures side by side), sorted natively:
    // 200 agents' futures are 60,000 times, drawn while frames wait (a sweep asks once a chunk).
    const times = new Float64Array(count * SCENARIOS);
    for (let s = 0; s < SCENARIOS; s++) {
      const ends = new MinHeap(floor.busyElapsedMs.map(remaining));
      for (let k = 0; k < count; k++) {
        const at = ends.top();
        times[k * SCENARIOS + s] = at;
        ends.replaceTop(at + draw()); // that agent's next call ends a handle time later
      }
    }
    const departures: Departures = { mean: [], bound: [] };
    const drawn: number[][] = [];
    for (let k = 0; k < count; k++) {
      const ofK = times.subarray(k * SCENARIOS, (k + 1) * SCENARIOS).sort();
      departures.mean.push(sum(ofK) / SCENARIOS);
      departures.bound.push(ofK[Math.floor(BOUND_QUANTILE * (SCENARIOS - 1))] as number);
      if (this.options.keepDrawn) drawn.push(Array.from(ofK));
    }
    if (this.options.keepDrawn) departures.drawn = drawn;
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

/** A binary min-heap of times: the next agent to free up. */
class MinHeap {
  private readonly items: number[];
  /** Heapified in place, bottom up (linear, where a push each is n log n). */
  constructor(values: number[]) {
    this.items = values;
    for (let i = (values.length >> 1) - 1; i >= 0; i--) this.siftDown(i, values[i] as number);
  }
  top(): number {
    return this.items[0] as number;
  }
  /** Takes the smallest out and puts `value` in, in one pass down (a pop and a push in one). */
  replaceTop(value: number): void {
    this.siftDown(0, value);
  }
  private siftDown(from: number, value: number): void {
    const items = this.items;
    let i = from;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && (items[right] as number) < (items[left] as number) ? right : left;
      if ((items[child] as number) >= value) break;
      items[i] = items[child] as number;
      i = child;
    }
    items[i] = value;
  }
}

function sortedIndexAbove(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sorted[mid] as number) <= value) low = mid + 1;
    else high = mid;
  }
  return low;
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

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i] as number;
  return total;
}

function mean(values: readonly number[]): number {
  return sum(values) / values.length;
}
