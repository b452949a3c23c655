const DELETED = Symbol('deleted');
/** Below this many entries a map is simply copied: layering pays only for large ones. */
const LAYER_FROM = 1_024;

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
 * A map that is copied only on its first write, and, when large, only its changes: most engine
 * steps touch one agent or none, and copying every entry on every step was the engine's main cost.
 */
export class CopyOnWrite<V> {
  /** Small maps: a plain copy, changed in place. */
  private copy: Map<string, V> | null = null;
  /** Large maps: the changes over the shared flat map. */
  private changes: Map<string, V | typeof DELETED> | null = null;
  private size: number;
  private readonly flat: ReadonlyMap<string, V>;
  private readonly baseChanges: ReadonlyMap<string, V | typeof DELETED>;

  constructor(private readonly base: ReadonlyMap<string, V>) {
    this.size = base.size;
    ({ flat: this.flat, changes: this.baseChanges } = LayeredMap.layersOf(base));
  }

  get(key: string): V | undefined {
    if (this.copy) return this.copy.get(key);
    if (!this.changes) return this.base.get(key);
    const changed = this.changes.get(key);
    if (changed === DELETED) return undefined;
    return changed ?? this.flat.get(key);
  }

  set(key: string, value: V): void {
    if (this.get(key) === undefined) this.size++;
    this.write(key, value);
  }

  delete(key: string): void {
    if (this.get(key) === undefined) return;
    this.size--;
    this.write(key, DELETED);
  }

  values(): V[] {
    if (this.copy) return [...this.copy.values()];
    if (!this.changes) return [...this.base.values()];
    const values: V[] = [];
    for (const [key, value] of this.flat) if (!this.changes.has(key)) values.push(value);
    for (const value of this.changes.values()) if (value !== DELETED) values.push(value);
    return values;
  }

  result(): ReadonlyMap<string, V> {
    if (this.copy) return this.copy;
    if (!this.changes) return this.base;
    if (this.changes.size <= Math.sqrt(this.flat.size)) return new LayeredMap(this.flat, this.changes, this.size);
    const folded = new Map(this.flat);
    for (const [key, value] of this.changes) {
      if (value === DELETED) folded.delete(key);
      else folded.set(key, value);
    }
    return folded;
  }

  private write(key: string, value: V | typeof DELETED): void {
    const small = this.flat.size < LAYER_FROM && this.baseChanges.size === 0;
    if (small && !this.changes) {
      this.copy ??= new Map(this.base);
      if (value === DELETED) this.copy.delete(key);
      else this.copy.set(key, value);
      return;
    }
    this.changes ??= new Map(this.baseChanges);
    this.changes.set(key, value);
  }
}
