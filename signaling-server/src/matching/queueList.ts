/**
 * Users per block. A step copies only the blocks it writes, so a block is small; and it stays
 * far below the 16,384 slots (128 KB) from which V8 makes an array a large object, which cost
 * 0.25 ms to copy at 20,000 users where 10,000 took 15 µs.
 */
const BLOCK = 512;

/** Index of the block holding `index`: the last whose start is at or before it. */
function blockOf(starts: readonly number[], index: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] as number) <= index) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Users in blocks of `BLOCK`, in order. */
function blocksOf<T>(users: readonly T[]): T[][] {
  const blocks: T[][] = [];
  for (let i = 0; i < users.length; i += BLOCK) blocks.push(users.slice(i, i + BLOCK));
  return blocks;
}

function startsOf<T>(blocks: readonly (readonly T[])[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const block of blocks) {
    starts.push(at);
    at += block.length;
  }
  return starts;
}

/** What reading a queue by index needs: a list, a step's edit of it, or a test's own. */
export interface IndexedQueue<T> {
  readonly length: number;
  get(index: number): T | undefined;
}

/**
 * Reading a queue of waiting users (generic, so that it needs nothing of the engine's types),
 * whichever its form: by index, in order, or a part of it as an array.
 */
abstract class QueueReader<T> implements IndexedQueue<T>, Iterable<T> {
  abstract readonly length: number;
  protected abstract blockList(): readonly (readonly T[])[];
  protected abstract blockStarts(): readonly number[];

  /** The user at this index, or undefined outside the queue (never counted from the end). */
  get(index: number): T | undefined {
    if (!(index >= 0 && index < this.length)) return undefined;
    const starts = this.blockStarts();
    const block = blockOf(starts, index);
    return this.blockList()[block]?.[index - (starts[block] as number)];
  }

  /** In order; a plain iterator rather than a generator, which was several times slower. */
  [Symbol.iterator](): Iterator<T> {
    const blocks = this.blockList();
    let block = 0;
    let next = 0;
    return {
      next: (): IteratorResult<T> => {
        for (; block < blocks.length; block++, next = 0) {
          const users = blocks[block] as readonly T[];
          if (next < users.length) return { value: users[next++] as T, done: false };
        }
        return { value: undefined, done: true };
      },
    };
  }

  /** Users from `start` up to (not including) `end`, as an array. */
  slice(start = 0, end = this.length): T[] {
    const out: T[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, this.length); i++) out.push(this.get(i) as T);
    return out;
  }

  map<U>(each: (user: T, index: number) => U): U[] {
    const out: U[] = [];
    for (const block of this.blockList()) for (const user of block) out.push(each(user, out.length));
    return out;
  }

  findIndex(test: (user: T) => boolean): number {
    let index = 0;
    for (const block of this.blockList()) {
      for (const user of block) {
        if (test(user)) return index;
        index++;
      }
    }
    return -1;
  }

  some(test: (user: T) => boolean): boolean {
    return this.findIndex(test) >= 0;
  }
}

/**
 * The waiting users, first to last, never changed once made. It is held in blocks, and a step's
 * edit copies only the blocks it writes: copying the whole queue on every arrival and departure
 * made each engine step cost time in proportion to the queue (0.5 ms at 20,000).
 */
export class QueueList<T> extends QueueReader<T> {
  readonly length: number;
  private readonly starts: readonly number[];

  private constructor(private readonly blocks: readonly (readonly T[])[]) {
    super();
    this.starts = startsOf(blocks);
    this.length = blocks.reduce((sum, block) => sum + block.length, 0);
  }

  static of<T>(users: readonly T[] = []): QueueList<T> {
    return new QueueList(blocksOf(users));
  }

  /** A working copy for one step; this list stays as it is. */
  edit(): QueueEdit<T> {
    return new QueueEdit(this.blocks, (blocks) => new QueueList(blocks));
  }

  protected blockList(): readonly (readonly T[])[] {
    return this.blocks;
  }

  protected blockStarts(): readonly number[] {
    return this.starts;
  }
}

/** A step's working copy of the queue: shares the blocks it has not written. */
export class QueueEdit<T> extends QueueReader<T> {
  private blocks: T[][];
  /** Blocks copied by this edit, which it may change in place. */
  private readonly owned = new Set<T[]>();
  private starts: number[] | null = null;
  private count: number;

  constructor(
    base: readonly (readonly T[])[],
    private readonly finish: (blocks: readonly (readonly T[])[]) => QueueList<T>,
  ) {
    super();
    // Shared, not written: `own` copies a block before any change to it.
    this.blocks = base.slice() as T[][];
    this.count = base.reduce((sum, block) => sum + block.length, 0);
  }

  get length(): number {
    return this.count;
  }

  set(index: number, user: T): void {
    if (!(index >= 0 && index < this.length)) throw new RangeError(`no user at ${index}`);
    const [block, offset] = this.locate(index);
    this.own(block)[offset] = user;
  }

  insert(index: number, user: T): void {
    if (this.blocks.length === 0) {
      this.blocks.push(this.adopt([user]));
    } else {
      const last = this.blocks.length - 1;
      const [block, offset] = index >= this.length ? [last, (this.blocks[last] as T[]).length] : this.locate(index);
      const users = this.own(block);
      users.splice(offset, 0, user);
      if (users.length > 2 * BLOCK)
        this.blocks.splice(block, 1, this.adopt(users.slice(0, BLOCK)), this.adopt(users.slice(BLOCK)));
    }
    this.count++;
    this.starts = null;
  }

  removeAt(index: number): T | undefined {
    if (!(index >= 0 && index < this.length)) return undefined;
    const [block, offset] = this.locate(index);
    const users = this.own(block);
    const [gone] = users.splice(offset, 1);
    if (users.length === 0) this.blocks.splice(block, 1);
    else if (users.length < BLOCK / 4 && block + 1 < this.blocks.length) {
      // Small blocks are merged, so that cancellations all along a long queue cannot leave it
      // in thousands of blocks of a few users each.
      const next = this.blocks[block + 1] as T[];
      if (users.length + next.length <= 2 * BLOCK) this.blocks.splice(block, 2, this.adopt([...users, ...next]));
    }
    this.count--;
    this.starts = null;
    return gone;
  }

  /** Everyone at once (a restored queue). */
  replaceAll(users: readonly T[]): void {
    this.owned.clear();
    this.blocks = blocksOf(users).map((block) => this.adopt(block));
    this.count = users.length;
    this.starts = null;
  }

  /** The edited queue. The edit must not be used after this. */
  result(): QueueList<T> {
    return this.finish(this.blocks);
  }

  protected blockList(): readonly (readonly T[])[] {
    return this.blocks;
  }

  protected blockStarts(): readonly number[] {
    this.starts ??= startsOf(this.blocks);
    return this.starts;
  }

  private locate(index: number): [block: number, offset: number] {
    const starts = this.blockStarts();
    const block = blockOf(starts, index);
    return [block, index - (starts[block] as number)];
  }

  private own(block: number): T[] {
    const users = this.blocks[block] as T[];
    if (this.owned.has(users)) return users;
    const copy = this.adopt(users.slice());
    this.blocks[block] = copy;
    return copy;
  }

  private adopt(users: T[]): T[] {
    this.owned.add(users);
    return users;
  }
}
