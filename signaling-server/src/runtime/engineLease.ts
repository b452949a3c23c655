import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

const OWNER_KEY = 'lifeline:engine:owner';
const FENCE_KEY = 'lifeline:engine:fence';

/** Extends the lease only if this node still holds it (an atomic check-and-extend). */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/** Raises the fencing counter to at least ARGV[1]: Redis came back empty, the database remembers more. */
const RAISE = `if tonumber(redis.call('get', KEYS[1]) or '0') < tonumber(ARGV[1]) then redis.call('set', KEYS[1], ARGV[1]) end return 1`;
/** Gives the lease up only if this node holds it (a graceful shutdown hands over at once). */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface LeaseEvents {
  /** This node now runs the engine; `fence` is larger than any earlier owner's. */
  acquired(fence: number): void;
  /** This node may no longer run the engine (the lease expired or another node holds it). */
  lost(): void;
}

/**
 * Exactly one node runs the matching engine: the holder of a lease in Redis. The lease is a key
 * set only if absent, with a time to live renewed every third of it; a node that cannot renew in
 * time loses it. Each new holder takes the next fencing token, and the store refuses writes
 * under an older token, so an owner that was paused (GC, a frozen VM) and still believes it owns
 * the engine can never write after another took over.
 */
export class EngineLease {
  private timer: NodeJS.Timeout | undefined;
  private held = false;
  /** When the last successful renewal was sent (conservative: before Redis answered). */
  private renewedAt = 0;
  private stopped = false;

  constructor(
    private readonly redis: Redis,
    private readonly nodeId: string,
    private readonly ttlMs: number,
    private readonly events: LeaseEvents,
    private readonly log: Logger,
  ) {}

  get owned(): boolean {
    return this.held;
  }

  start(): void {
    void this.tick();
  }

  /** Stops renewing; a held lease is released so another node takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (!this.held) return;
    this.held = false;
    await this.redis.eval(RELEASE, 1, OWNER_KEY, this.nodeId).catch(() => undefined);
  }

  /** Gives a held lease up but keeps trying for it (a takeover failed half-way). */
  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    await this.redis.eval(RELEASE, 1, OWNER_KEY, this.nodeId).catch(() => undefined);
  }

  /** The next owner's token will be above `token` (the database's), so its claim succeeds. */
  async raiseFence(token: number): Promise<void> {
    await this.redis.eval(RAISE, 1, FENCE_KEY, String(token));
  }

  /** The node holding the lease now, if any. */
  async holder(): Promise<string | null> {
    return this.redis.get(OWNER_KEY);
  }

  private async tick(): Promise<void> {
    const attemptAt = Date.now();
    try {
      if (this.held) {
        const renewed = await this.redis.eval(RENEW, 1, OWNER_KEY, this.nodeId, String(this.ttlMs));
        if (Number(renewed) === 1) this.renewedAt = attemptAt;
        else this.lose('another node holds the lease');
      } else if ((await this.redis.set(OWNER_KEY, this.nodeId, 'PX', this.ttlMs, 'NX')) === 'OK') {
        this.renewedAt = attemptAt;
        const fence = await this.redis.incr(FENCE_KEY);
        if (this.stopped) return;
        this.held = true;
        this.log.info({ fence, nodeId: this.nodeId }, 'this node now runs the engine');
        this.events.acquired(fence);
      }
    } catch (err) {
      this.log.warn({ err }, 'could not reach Redis for the engine lease');
    }
    // Not renewed for two thirds of the lease: step down before it can expire under us.
    if (this.held && Date.now() - this.renewedAt > (this.ttlMs * 2) / 3) this.lose('the lease could not be renewed');
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.ttlMs / 3).unref();
  }

  private lose(why: string): void {
    if (!this.held) return;
    this.held = false;
    this.log.error({ nodeId: this.nodeId, why }, 'this node no longer runs the engine');
    this.events.lost();
  }
}
