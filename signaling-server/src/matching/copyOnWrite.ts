/**
 * A map that is copied only on its first write: most engine steps touch one agent or none,
 * and copying every agent on every step was the engine's main cost.
 */
export class CopyOnWrite<V> {
  private copy: Map<string, V> | null = null;

  constructor(private readonly base: ReadonlyMap<string, V>) {}

  get(key: string): V | undefined {
    return (this.copy ?? this.base).get(key);
  }

  set(key: string, value: V): void {
    this.writable().set(key, value);
  }

  delete(key: string): void {
    if (this.get(key) !== undefined) this.writable().delete(key);
  }

  values(): V[] {
    return [...(this.copy ?? this.base).values()];
  }

  result(): ReadonlyMap<string, V> {
    return this.copy ?? this.base;
  }

  private writable(): Map<string, V> {
    this.copy ??= new Map(this.base);
    return this.copy;
  }
}
