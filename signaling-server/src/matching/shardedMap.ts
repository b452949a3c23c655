/**
 * Shards of a map: a step that writes a key copies the list of shards and that key's shard only.
 * The queue's index (session -> order key) was a map with its changes layered on top, folded
 * into a new map once they outgrew the square root of it: at 20,000 waiting a step that folded
 * copied every entry, and one step in a thousand took 8 ms.
 */
const SHARDS = 256;

/** A key's shard, from its last characters (ids are time-ordered UUIDs: the end is random). */
function shardOf(key: string): number {
  let hash = 0;
  for (let i = Math.max(0, key.length - 12); i < key.length; i++)
    hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 15;
  return (hash ^ (hash >>> 8)) & (SHARDS - 1);
}

const NO_ENTRIES: ReadonlyMap<string, never> = new Map<string, never>();

/** A string-keyed map never changed once made; `edit` gives a step's working copy. */
export class ShardedMap<V> {
  private constructor(
    private readonly shards: readonly ReadonlyMap<string, V>[],
    readonly size: number,
  ) {}

  static empty<V>(): ShardedMap<V> {
    return new ShardedMap<V>(
      Array.from({ length: SHARDS }, () => NO_ENTRIES),
      0,
    );
  }

  get(key: string): V | undefined {
    return this.shards[shardOf(key)]?.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  edit(): ShardedEdit<V> {
    return new ShardedEdit(this.shards, this.size, (shards, size) => new ShardedMap(shards, size));
  }
}

/** A step's working copy: shares every shard it has not written. */
export class ShardedEdit<V> {
  private shards: ReadonlyMap<string, V>[] | null = null;
  /** Shards copied by this edit, which it may change in place. */
  private readonly owned = new Set<ReadonlyMap<string, V>>();

  constructor(
    private readonly base: readonly ReadonlyMap<string, V>[],
    private count: number,
    private readonly finish: (shards: readonly ReadonlyMap<string, V>[], size: number) => ShardedMap<V>,
  ) {}

  get size(): number {
    return this.count;
  }

  get(key: string): V | undefined {
    return (this.shards ?? this.base)[shardOf(key)]?.get(key);
  }

  set(key: string, value: V): void {
    const shard = this.own(shardOf(key));
    if (!shard.has(key)) this.count++;
    shard.set(key, value);
  }

  delete(key: string): void {
    if (this.get(key) === undefined) return;
    this.own(shardOf(key)).delete(key);
    this.count--;
  }

  /** The edited map. The edit must not be used after this. */
  result(): ShardedMap<V> {
    return this.finish(this.shards ?? this.base, this.count);
  }

  private own(index: number): Map<string, V> {
    this.shards ??= this.base.slice();
    const shard = this.shards[index] as ReadonlyMap<string, V>;
    if (this.owned.has(shard)) return shard as Map<string, V>;
    const copy = new Map(shard);
    this.owned.add(copy);
    this.shards[index] = copy;
    return copy;
  }
}
