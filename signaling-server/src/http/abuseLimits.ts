import { LifelineError } from '@lifeline/shared';
import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  type RateLimiterRes,
} from 'rate-limiter-flexible';

/** Every limit on the HTTP doors, documented in the README; null turns them all off. */
export interface LimitSettings {
  /** Wrong passwords in a row, per account and address, before a lock. */
  loginMaxFailures: number;
  /** The first lock; each further lock the same day lasts twice as long (at most an hour). */
  loginLockS: number;
  /** Wrong passwords per address per hour, over all accounts. */
  loginMaxFailuresPerAddress: number;
  helpRequestsPerAddressPerMinute: number;
  helpRequestsPerTenantPerMinute: number;
  inviteAcceptsPerAddressPerHour: number;
}

const DAY_S = 86_400;
const MAX_LOCK_S = 3_600;

/** Turns a refused consume into the one error a client sees: 429 with Retry-After. */
async function take(limiter: RateLimiterAbstract, key: string, what: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (refusal) {
    throw LifelineError.rateLimited((refusal as RateLimiterRes).msBeforeNext, `too many ${what}: try again later`);
  }
}

/** The limits every door asks before it does its work. */
export interface Limits {
  /** Before checking a password: refused while this account is locked from this address. */
  beforeLogin(email: string, address: string): Promise<void>;
  loginFailed(email: string, address: string): Promise<void>;
  loginSucceeded(email: string, address: string): Promise<void>;
  helpRequest(address: string, tenant: string): Promise<void>;
  inviteAcceptance(address: string): Promise<void>;
}

/** RATE_LIMITS=off: every door is open (load tests from one address on loopback). */
const NO_LIMITS: Limits = {
  beforeLogin: async () => undefined,
  loginFailed: async () => undefined,
  loginSucceeded: async () => undefined,
  helpRequest: async () => undefined,
  inviteAcceptance: async () => undefined,
};

interface LimiterOptions {
  keyPrefix: string;
  points: number;
  duration: number;
}
type MakeLimiter = (options: LimiterOptions) => RateLimiterAbstract;

/**
 * Limits count in this process, or, on many nodes, in Redis, so that a guesser spreading tries
 * over the nodes meets one count. While Redis is away each node counts on its own meanwhile.
 */
export function limitsFor(settings: LimitSettings | null, redis?: Redis): Limits {
  if (!settings) return NO_LIMITS;
  const make: MakeLimiter = redis
    ? (options) =>
        new RateLimiterRedis({
          ...options,
          storeClient: redis,
          keyPrefix: `lifeline:limit:${options.keyPrefix}`,
          insuranceLimiter: new RateLimiterMemory(options),
        })
    : (options) => new RateLimiterMemory(options);
  return new AbuseLimits(settings, make);
}

/**
 * Limits on sign-in, help requests and invitations (rate-limiter-flexible). Sign-in locks are
 * per account *and* address, so an attacker elsewhere cannot lock a real agent out; locks grow
 * while the guessing goes on, and a right password does not get through a lock.
 */
class AbuseLimits implements Limits {
  private readonly loginFails: RateLimiterAbstract;
  private readonly loginLocks: RateLimiterAbstract;
  private readonly loginFailsByAddress: RateLimiterAbstract;
  private readonly helpByAddress: RateLimiterAbstract;
  private readonly helpByTenant: RateLimiterAbstract;
  private readonly invitesByAddress: RateLimiterAbstract;

  constructor(
    private readonly settings: LimitSettings,
    make: MakeLimiter,
  ) {
    this.loginFails = make({ keyPrefix: 'login', points: settings.loginMaxFailures, duration: DAY_S });
    this.loginLocks = make({ keyPrefix: 'lock', points: 1_000, duration: DAY_S });
    this.loginFailsByAddress = make({
      keyPrefix: 'login-ip',
      points: settings.loginMaxFailuresPerAddress,
      duration: 3_600,
    });
    this.helpByAddress = make({ keyPrefix: 'help-ip', points: settings.helpRequestsPerAddressPerMinute, duration: 60 });
    this.helpByTenant = make({
      keyPrefix: 'help-tenant',
      points: settings.helpRequestsPerTenantPerMinute,
      duration: 60,
    });
    this.invitesByAddress = make({
      keyPrefix: 'invite-ip',
      points: settings.inviteAcceptsPerAddressPerHour,
      duration: 3_600,
    });
  }

  async beforeLogin(email: string, address: string): Promise<void> {
    for (const [limiter, key] of [
      [this.loginFails, `${email}|${address}`],
      [this.loginFailsByAddress, address],
    ] as const) {
      const state = await limiter.get(key);
      if (state && state.consumedPoints > limiter.points) {
        throw LifelineError.rateLimited(state.msBeforeNext, 'too many wrong passwords: try again later');
      }
    }
  }

  async loginFailed(email: string, address: string): Promise<void> {
    const key = `${email}|${address}`;
    if (await this.lastPointTaken(this.loginFailsByAddress, address))
      await this.loginFailsByAddress.block(address, 3_600);
    if (!(await this.lastPointTaken(this.loginFails, key))) return;
    // Locked: for loginLockS, doubled for every lock of this account from here today.
    const locks = await this.loginLocks.consume(key).catch((r: RateLimiterRes) => r);
    await this.loginFails.block(key, Math.min(MAX_LOCK_S, this.settings.loginLockS * 2 ** (locks.consumedPoints - 1)));
  }

  /** Counts one failure; true when it was the last one allowed (so the next attempt is refused). */
  private async lastPointTaken(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
    const state = await limiter.consume(key).catch((r: RateLimiterRes) => r);
    return state.remainingPoints <= 0;
  }

  async loginSucceeded(email: string, address: string): Promise<void> {
    await this.loginFails.delete(`${email}|${address}`);
  }

  async helpRequest(address: string, tenant: string): Promise<void> {
    await take(this.helpByAddress, address, 'help requests from this address');
    await take(this.helpByTenant, tenant, 'help requests for this product');
  }

  async inviteAcceptance(address: string): Promise<void> {
    await take(this.invitesByAddress, address, 'invitation attempts');
  }
}
