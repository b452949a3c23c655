/**
 * A record that is copied only on its first write. Most engine steps touch few agents and
 * no calls; copying 200-key records on every step was the engine's main cost.
 */
export class CopyOnWrite<V> {
  private copy: Record<string, V> | null = null;

  constructor(private readonly base: Readonly<Record<string, V>>) {}

  get(key: string): V | undefined {
    return (this.copy ?? this.base)[key];
  }

  set(key: string, value: V): void {
    this.writable()[key] = value;
  }

  delete(key: string): void {
    if (this.get(key) !== undefined) delete this.writable()[key];
  }

  values(): V[] {
    return Object.values(this.copy ?? this.base);
  }

  result(): Readonly<Record<string, V>> {
    return this.copy ?? this.base;
  }

  private writable(): Record<string, V> {
    this.copy ??= { ...this.base };
    return this.copy;
  }
}
