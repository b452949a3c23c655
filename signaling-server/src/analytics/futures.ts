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

/** The share of users whose wait the stated bound must cover. */
export const BOUND_QUANTILE = 0.9;

/** The k-th departure (1-based) across the drawn futures: its mean and its bound quantile. */
export interface Departures {
  mean: number[];
  bound: number[];
  /** Each departure's drawn times in order, kept only when asked for (the simulator). */
  drawn?: number[][];
}

/**
 * The futures of one floor, drawn a few at a time if need be: each busy agent's call ends after a
 * handle time longer than it has already lasted, then the agent takes further calls of measured
 * lengths. For 200 agents that is 60,000 departure times (about 15 ms), which a server draws
 * between turns of its event loop instead of in one go, while offers wait.
 */
export class FloorFutures {
  /** One flat array, departure by departure (each k's futures side by side). */
  private readonly times: Float64Array;
  private readonly count: number;
  private drawnSoFar = 0;

  constructor(
    private readonly floor: ServingFloor,
    /** Measured handle times, sorted. */
    private readonly handles: readonly number[],
    private readonly scenarios: number,
    maxDepartures: number,
    private readonly random: () => number,
  ) {
    this.count = Math.min(maxDepartures, 1 + 3 * floor.busyElapsedMs.length);
    this.times = new Float64Array(this.count * scenarios);
  }

  get done(): boolean {
    return this.drawnSoFar >= this.scenarios;
  }

  /** Draws up to `scenarios` more futures. */
  drawMore(scenarios: number): void {
    const { handles, times, count } = this;
    const draw = () => handles[Math.floor(this.random() * handles.length)] as number;
    /** Time left in a call that has lasted `elapsed`: a handle time longer than that, less it. */
    const remaining = (elapsed: number) => {
      const from = sortedIndexAbove(handles, elapsed);
      if (from >= handles.length) return this.random() * (handles[0] as number); // longer than any seen
      return (handles[from + Math.floor(this.random() * (handles.length - from))] as number) - elapsed;
    };
    const until = Math.min(this.scenarios, this.drawnSoFar + scenarios);
    for (let s = this.drawnSoFar; s < until; s++) {
      const ends = new MinHeap(this.floor.busyElapsedMs.map(remaining));
      for (let k = 0; k < count; k++) {
        const at = ends.top();
        times[k * this.scenarios + s] = at;
        ends.replaceTop(at + draw()); // that agent's next call ends a handle time later
      }
    }
    this.drawnSoFar = until;
  }

  /** Each departure's mean and bound over the futures drawn (all of them: `done`). */
  departures(keepDrawn = false): Departures {
    const { scenarios } = this;
    const result: Departures = { mean: [], bound: [] };
    const drawn: number[][] = [];
    const rank = Math.floor(BOUND_QUANTILE * (scenarios - 1));
    for (let k = 0; k < this.count; k++) {
      const ofK = this.times.subarray(k * scenarios, (k + 1) * scenarios);
      result.mean.push(sum(ofK) / scenarios);
      // The bound is one rank: selecting it is linear, where sorting 300 departures took 4 ms.
      result.bound.push(keepDrawn ? (ofK.sort()[rank] as number) : selectRank(ofK, rank));
      if (keepDrawn) drawn.push(Array.from(ofK));
    }
    if (keepDrawn) result.drawn = drawn;
    return result;
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

/**
 * The value of rank `rank` (0-based, ascending) in `values`, reordering them in place: Hoare's
 * selection, linear on average.
 */
export function selectRank(values: Float64Array, rank: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = values[(low + high) >> 1] as number;
    let i = low;
    let j = high;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i++] = values[j] as number;
        values[j--] = swap;
      }
    }
    if (rank <= j) high = j;
    else if (rank >= i) low = i;
    else return values[rank] as number;
  }
  return values[rank] as number;
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

export function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i] as number;
  return total;
}
