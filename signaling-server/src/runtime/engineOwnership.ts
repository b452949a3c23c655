import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { restoreFromStore } from '../store/restore.js';
import type { Store } from '../store/types.js';
import type { Hub } from '../ws/hub.js';
import { EngineLease } from './engineLease.js';

export interface Readiness {
  ready: boolean;
  database: 'ok' | 'unreachable';
  redis: 'ok' | 'unreachable' | 'not used';
  /** `here`: this node runs the queue; `standby`: another does, and this one takes over if it dies. */
  engine: 'here' | 'standby';
}

/** Whether this node runs the engine: always on a single node, only while holding the lease on many. */
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
  /** This node must stop serving at once: another node runs the engine now. */
  onLost: () => void;
}

/** The queue and live calls come back from the store, as after any restart. */
async function restore({ store, hub, clock, log }: OwnershipDeps): Promise<void> {
  const { unconnected, ...restored } = await restoreFromStore(store, hub, clock);
  // Asked for help just before the restart and not connected yet: they get the grace period too.
  for (const sessionId of unconnected) hub.awaitFirstConnection(sessionId);
  if (restored.waiting || restored.live || restored.closed) log.info(restored, 'restored the queue and live calls');
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
        return { ready: database === 'ok', database, redis: 'not used', engine: 'here' };
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
    here = false;
    deps.onLost();
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
            here = true;
          })
          .catch((err: unknown) => {
            log.error({ err }, 'could not take over the engine');
            lost();
          });
      },
      lost,
    },
    log,
  );
  lease.start();
  return {
    get here() {
      return here;
    },
    readiness: async () => {
      const [database, redisState] = await Promise.all([answers(() => store.ping()), answers(() => redis.ping())]);
      const engine = here ? 'here' : 'standby';
      return { ready: database === 'ok' && redisState === 'ok' && here, database, redis: redisState, engine };
    },
    stop: async () => {
      await lease.stop();
      redis.disconnect();
    },
  };
}
