import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { restoreFromStore } from '../store/restore.js';
import { FencedOut, type Store } from '../store/types.js';
import type { Hub } from '../ws/hub.js';
import { EngineLease } from './engineLease.js';

export interface Readiness {
  ready: boolean;
  database: 'ok' | 'unreachable';
  redis: 'ok' | 'unreachable' | 'not used';
  /** `here`: this node runs the queue; `elsewhere`: another node does; `none`: none right now (a takeover). */
  engine: 'here' | 'elsewhere' | 'none';
}

/**
 * Whether this node runs the engine: always on a single node, only while holding the lease on
 * many. Every node serves clients either way; only the engine's work moves.
 */
export interface EngineOwnership {
  readonly here: boolean;
  readiness(): Promise<Readiness>;
  /** Hands the engine over (a held lease is released at once) and closes the Redis connection. */
  stop(): Promise<void>;
}

interface OwnershipDeps {
  config: Config;
  store: Store;
  hub: Hub;
  clock: Clock;
  log: Logger;
  /** This node runs the engine now (restored from the store), under this fencing token. */
  onAcquired: (fence: number) => void;
  /** Many nodes: whether this node hears and reaches the others through Redis right now. */
  hearsOtherNodes?: () => boolean;
}

/** The queue and live calls come back from the store, as after any restart. */
async function restore({ store, hub, clock, log }: OwnershipDeps): Promise<void> {
  await hub.standing.recall();
  const { unconnected, ...restored } = await restoreFromStore(store, hub, clock);
  // Asked for help just before the restart and not connected yet: they get the grace period too.
  for (const sessionId of unconnected) hub.awaitFirstConnection(sessionId);
  if (restored.waiting || restored.live || restored.closed) log.info(restored, 'restored the queue and live calls');
}

/** Resolves when Redis is connected, or after `ms` if it is not (the lease then keeps trying). */
function redisReady(redis: Redis, ms: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

const answers = (probe: () => Promise<unknown>) =>
  probe().then(
    () => 'ok' as const,
    () => 'unreachable' as const,
  );

export async function startEngineOwnership(deps: OwnershipDeps): Promise<EngineOwnership> {
  const { config, store, hub, log } = deps;
  const cluster = config.cluster;
  if (!cluster) {
    await restore(deps);
    return {
      here: true,
      readiness: async () => {
        const database = await answers(() => store.ping());
        return { ready: database === 'ok', database, redis: 'not used', engine: 'here' as const };
      },
      stop: async () => undefined,
    };
  }

  // Commands fail fast while Redis is away instead of queueing: the lease must know in time.
  const redis = new Redis(cluster.redisUrl, {
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    enableOfflineQueue: false,
  });
  redis.on('error', (err) => log.debug({ err }, 'Redis connection error'));
  let here = false;
  const lost = () => {
    if (!here) return;
    here = false;
    log.warn('another node runs the engine now: this node hands its clients to it');
    hub.stepDown();
  };
  hub.sessions.onFencedOut = lost;
  const lease = new EngineLease(
    redis,
    cluster.nodeId,
    cluster.leaseMs,
    {
      acquired: (fence) => {
        store
          .claimFence(fence)
          .then(() => restore(deps))
          .then(() => {
            // The lease may have gone while the queue was being restored.
            if (!lease.owned) return hub.stepDown();
            here = true;
            deps.onAcquired(fence);
          })
          .catch(async (err: unknown) => {
            log.error({ err }, 'could not take over the engine');
            hub.stepDown();
            // Redis restarted empty and counts fences from 1 again: catch up with the database.
            if (err instanceof FencedOut && err.current >= fence)
              await lease.raiseFence(err.current).catch(() => undefined);
            await lease.release();
          });
      },
      lost,
    },
    log,
  );
  // The first try waits for the connection (a few ms) rather than failing on a socket not yet open.
  await redisReady(redis, 2_000);
  lease.start();
  return {
    get here() {
      return here;
    },
    readiness: async () => {
      const [database, redisState, holder] = await Promise.all([
        answers(() => store.ping()),
        // The lease's connection answering is not enough: the bus's own may still be coming back.
        deps.hearsOtherNodes?.() === false ? ('unreachable' as const) : answers(() => redis.ping()),
        lease.holder().catch(() => null),
      ]);
      const engine = here ? 'here' : holder ? 'elsewhere' : 'none';
      const ready = database === 'ok' && redisState === 'ok' && engine !== 'none';
      return { ready, database, redis: redisState, engine };
    },
    stop: async () => {
      await lease.stop();
      redis.disconnect();
    },
  };
}
