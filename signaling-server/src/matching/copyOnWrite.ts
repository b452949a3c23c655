const DELETED = Symbol('deleted');

/**
 * A read-only map made of a shared flat map and a few changes on top of it. Engine states are
 * never changed once made, so a step that changes one entry of a 10,000-entry map (a waiting
 * user reconnecting after a takeover) shares the flat map and copies only the changes; once
 * the changes grow past about the square root of the map, they are folded into a new flat map.
 */
export class LayeredMap<V> implements ReadonlyMap<string, V> {
  constructor(
    private readonly flat: ReadonlyMap<string, V>,
    private readonly changes: ReadonlyMap<string, V | typeof DELETED>,
    readonly size: number,
  ) {}

  get(key: string): V | undefined {
    const changed = this.changes.get(key);
    if (changed === DELETED) return undefined;
    return changed ?? this.flat.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  *entries(): MapIterator<[string, V]> {
    for (const entry of this.flat) if (!this.changes.has(entry[0])) yield entry;
    for (const [key, value] of this.changes) if (value !== DELETED) yield [key, value];
  }

  *keys(): MapIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const [key, value] of this.entries()) callback(value, key, this);
  }

  /** The parts a step builds on. */
  static layersOf<V>(map: ReadonlyMap<string, V>): {
    flat: ReadonlyMap<string, V>;
    changes: ReadonlyMap<string, V | typeof DELETED>;
  } {
    return map instanceof LayeredMap ? { flat: map.flat, changes: map.changes } : { flat: map, changes: new Map() };
  }
}

/**
 * A map that is copied only on its first write, and then only its changes: most engine steps
 * touch one agent or none, and copying every entry on every step was the engine's main cost.
 */
export class CopyOnWrite<V> {
  private changes: Map<string, V | typeof DELETED> | null = null;
  private size: number;

  constructor(private readonly base: ReadonlyMap<string, V>) {
    this.size = base.size;
  }

  get(key: string): V | undefined {
    if (!this.changes) return this.base.get(key);
    const changed = this.changes.get(key);
    if (changed === DELETED) return undefined;
    return changed ?? LayeredMap.layersOf(this.base).flat.get(key);
  }

  set(key: string, value: V): void {
    if (this.get(key) === undefined) this.size++;
    this.writable().set(key, value);
  }

  delete(key: string): void {
    if (this.get(key) === undefined) return;
    this.size--;
    this.writable().set(key, DELETED);
  }

  values(): V[] {
    if (!this.changes) return [...this.base.values()];
    return [...new LayeredMap(LayeredMap.layersOf(this.base).flat, this.changes, this.size).values()];
  }

  result(): ReadonlyMap<string, V> {
    if (!this.changes) return this.base;
    const { flat } = LayeredMap.layersOf(this.base);
    if (this.changes.size <= Math.max(32, Math.sqrt(flat.size))) return new LayeredMap(flat, this.changes, this.size);
    const folded = new Map(flat);
    for (const [key, value] of this.changes) {
      if (value === DELETED) folded.delete(key);
      else folded.set(key, value);
    }
    return folded;
  }

  private writable(): Map<string, V | typeof DELETED> {
    this.changes ??= new Map(LayeredMap.layersOf(this.base).changes);
    return this.changes;
  }
}
