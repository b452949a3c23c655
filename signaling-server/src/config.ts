import { hostname } from 'node:os';
import { IceServer } from '@lifeline/shared';
import { z } from 'zod';
import type { LimitSettings } from './http/abuseLimits.js';
import type { OverloadSettings } from './http/overload.js';
import { DEFAULT_ENGINE_CONFIG } from './matching/engine.js';
import type { EngineConfig } from './matching/types.js';
import type { LiveKitSettings } from './media/livekit.js';
import { TenantsConfig } from './tenants.js';
import type { WebhookPolicy } from './webhooks/webhooks.js';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** Every setting, read once from the environment; documented in the README's table (a test checks). */
export const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  /** Connections taken from the kernel's queue per turn of the event loop (see http/acceptLanes.ts). */
  ACCEPT_LANES: z.coerce.number().int().min(1).max(64).default(8),
  DEMO: bool.default(false),
  DEMO_AGENT_EMAIL: z.string().email().default('agent@example.com'),
  DEMO_AGENT_PASSWORD: z.string().min(8).default('lifeline-demo'),
  DEMO_AGENT_NAME: z.string().default('Alex (demo agent)'),
  AUTH_SECRET: z.string().min(32).optional(),
  ALLOWED_ORIGINS: list.default([]),
  ICE_SERVERS: z
    .string()
    .transform((v) => z.array(IceServer).parse(JSON.parse(v)))
    .default([]),
  TURN_URLS: list.default([]),
  TURN_SECRET: z.string().optional(),
  TURN_TTL_S: z.coerce.number().int().positive().default(3600),
  /** `relay` sends all peer-to-peer media through TURN, so neither side learns the other's IP. */
  ICE_TRANSPORT_POLICY: z.enum(['all', 'relay']).default('all'),
  MEDIA: z.enum(['p2p', 'livekit']).default('p2p'),
  LIVEKIT_URL: z
    .string()
    .regex(/^(wss?|https?):\/\//, 'a ws(s):// or http(s):// URL')
    .optional(),
  LIVEKIT_API_KEY: z.string().min(1).optional(),
  LIVEKIT_API_SECRET: z.string().min(1).optional(),
  LIVEKIT_TOKEN_TTL_S: z.coerce.number().int().positive().default(600),
  RECORDING_FILEPATH: z.string().min(1).default('lifeline/{room_name}-{time}.mp4'),
  OFFER_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  MAX_MISSED_OFFERS: z.coerce.number().int().positive().default(2),
  WRAP_UP_MS: z.coerce.number().int().min(0).default(60_000),
  RECONNECT_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  SKILL_FALLBACK_MS: z.coerce.number().int().min(0).default(30_000),
  CONTINUITY_WAIT_MS: z.coerce.number().int().min(0).default(10_000),
  TIER_BOOST_MS: z.coerce.number().int().min(0).default(0),
  CALLBACK_TTL_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 3_600_000),
  /** A due follow-up waits this long for the agent who promised it, then goes to a colleague. */
  CALLBACK_OWNER_WAIT_MS: z.coerce.number().int().min(0).default(120_000),
  /** An accepted callback rings on the user's side this long before it counts as unanswered. */
  CALLBACK_RING_MS: z.coerce.number().int().positive().default(60_000),
  /** A callback answered within this of its time was kept on time (`/api/stats`). */
  CALLBACK_ON_TIME_MS: z.coerce.number().int().positive().default(300_000),
  DATABASE_PATH: z.string().default('lifeline.sqlite'),
  /** PostgreSQL (`postgres://…`): the store of a multi-node install; DATABASE_PATH is then unused. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .optional(),
  /** Redis (`redis://…`): nodes sharing it elect one engine owner; the others stand by. Needs DATABASE_URL. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// URL')
    .optional(),
  /** How long the engine owner's lease lasts unrenewed: a dead owner is replaced within about this. */
  ENGINE_LEASE_MS: z.coerce.number().int().min(1_000).max(60_000).default(5_000),
  /** This node's name in logs and in the engine lease (default: host name and process id). */
  NODE_ID: z.string().min(1).max(100).optional(),
  TENANTS: z
    .string()
    .transform((v) => TenantsConfig.parse(JSON.parse(v)))
    .default({}),
  /** Finished sessions older than this many days are erased, with everything about them (0 = keep). */
  RETENTION_DAYS: z.coerce.number().int().min(0).default(0),
  SERVICE_LEVEL_TARGET_MS: z.coerce.number().int().positive().default(20_000),
  /** The share of calls the floor aims to answer within SERVICE_LEVEL_TARGET_MS (80/20 by default). */
  SERVICE_LEVEL_GOAL: z.coerce.number().gt(0).max(1).default(0.8),
  SESSION_TOKEN_TTL_S: z.coerce.number().int().positive().default(3600),
  /** The longest lifetime (exp - iat) a host's identity token may have. */
  IDENTITY_MAX_TTL_S: z.coerce.number().int().positive().default(86_400),
  AGENT_TOKEN_TTL_S: z.coerce
    .number()
    .int()
    .positive()
    .default(12 * 3600),
  HEARTBEAT_MS: z.coerce.number().int().positive().default(30_000),
  /** Webhooks: the first retry's pause (each further one is three times longer), attempts, timeout. */
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().positive().default(10_000),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  WS_MAX_PAYLOAD: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024),
  /** Express's `trust proxy`: `true`, a hop count, or a list of proxy addresses/subnets. */
  TRUST_PROXY: z
    .string()
    .transform((v): boolean | number | string =>
      v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v,
    )
    .default(false),
  /** `off` turns every abuse limit off (benchmarks and load tests from one address on loopback). */
  RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_LOCK_S: z.coerce.number().int().positive().default(60),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(50),
  HELP_REQUESTS_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().positive().default(20),
  HELP_REQUESTS_PER_TENANT_PER_MINUTE: z.coerce.number().int().positive().default(30_000),
  INVITE_ACCEPTS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().positive().default(10),
  /** Load shedding: new help requests are refused with rate_limited while the node is behind. Off with RATE_LIMITS=off unless set. */
  LOAD_SHEDDING: z.enum(['on', 'off']).optional(),
  SHED_LOOP_DELAY_MS: z.coerce.number().int().positive().default(200),
  SHED_SOCKET_DELAY_MS: z.coerce.number().int().positive().default(1_000),
  SHED_MAX_IN_FLIGHT: z.coerce.number().int().positive().default(1_000),
  SHED_MIN_AWAITED: z.coerce.number().int().positive().default(100),
  SHED_FORGET_AFTER_MS: z.coerce.number().int().positive().default(10_000),
  /** Bearer token Prometheus must send to read /metrics; unset, /metrics is not served. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Access logs, one JSON line per HTTP request (tokens redacted). */
  ACCESS_LOG: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = {
  port: number;
  acceptLanes: number;
  host: string;
  demo: boolean;
  demoAgent: { email: string; password: string; name: string };
  /** Null in demo mode without AUTH_SECRET: a secret kept in the database is used. */
  authSecret: Uint8Array | null;
  allowedOrigins: string[];
  iceServers: IceServer[];
  turn: { urls: string[]; secret: string; ttlS: number } | null;
  iceTransportPolicy: 'all' | 'relay';
  /** Null: peer-to-peer media (the default); set: every call goes through a LiveKit room. */
  livekit: LiveKitSettings | null;
  engine: EngineConfig;
  databasePath: string;
  /** Set: PostgreSQL instead of the SQLite file. */
  databaseUrl: string | undefined;
  /** Set: many nodes, one engine owner elected through a lease in Redis. */
  cluster: { redisUrl: string; leaseMs: number; nodeId: string } | null;
  serviceLevelTargetMs: number;
  serviceLevelGoal: number;
  /** A callback answered within this of its time was kept on time. */
  callbackOnTimeMs: number;
  retentionDays: number;
  tenants: TenantsConfig;
  sessionTokenTtlS: number;
  identityMaxTtlS: number;
  agentTokenTtlS: number;
  heartbeatMs: number;
  webhooks: WebhookPolicy;
  wsMaxPayload: number;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  trustProxy: boolean | number | string;
  /** Null with RATE_LIMITS=off. */
  rateLimits: LimitSettings | null;
  /** Null with LOAD_SHEDDING=off (by default with RATE_LIMITS=off). */
  overload: OverloadSettings | null;
  accessLog: boolean;
  metricsToken: string | null;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL && !e.DATABASE_URL)
    throw new Error('REDIS_URL (many nodes) needs DATABASE_URL: nodes share their data through PostgreSQL');
  if (!e.DEMO && !e.AUTH_SECRET) throw new Error('AUTH_SECRET (32+ chars) is required outside demo mode');
  const hasTurn =
    (e.TURN_SECRET && e.TURN_URLS.length) ||
    e.ICE_SERVERS.some((server) => [server.urls].flat().some((url) => /^turns?:/.test(url)));
  if (e.ICE_TRANSPORT_POLICY === 'relay' && !hasTurn) {
    throw new Error('ICE_TRANSPORT_POLICY=relay needs a TURN server: set TURN_URLS and TURN_SECRET (or ICE_SERVERS)');
  }
  if (e.MEDIA === 'livekit' && !(e.LIVEKIT_URL && e.LIVEKIT_API_KEY && e.LIVEKIT_API_SECRET)) {
    throw new Error('MEDIA=livekit needs LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET');
  }
  return {
    port: e.PORT,
    acceptLanes: e.ACCEPT_LANES,
    host: e.HOST,
    demo: e.DEMO,
    demoAgent: { email: e.DEMO_AGENT_EMAIL, password: e.DEMO_AGENT_PASSWORD, name: e.DEMO_AGENT_NAME },
    authSecret: e.AUTH_SECRET ? new TextEncoder().encode(e.AUTH_SECRET) : null,
    allowedOrigins: e.ALLOWED_ORIGINS,
    iceServers: e.ICE_SERVERS,
    turn: e.TURN_SECRET && e.TURN_URLS.length ? { urls: e.TURN_URLS, secret: e.TURN_SECRET, ttlS: e.TURN_TTL_S } : null,
    iceTransportPolicy: e.ICE_TRANSPORT_POLICY,
    livekit:
      e.MEDIA === 'livekit'
        ? {
            url: e.LIVEKIT_URL as string,
            apiKey: e.LIVEKIT_API_KEY as string,
            apiSecret: e.LIVEKIT_API_SECRET as string,
            tokenTtlS: e.LIVEKIT_TOKEN_TTL_S,
            recordingFilepath: e.RECORDING_FILEPATH,
          }
        : null,
    engine: {
      offerTimeoutMs: e.OFFER_TIMEOUT_MS,
      maxMissedOffers: e.MAX_MISSED_OFFERS,
      wrapUpMs: e.WRAP_UP_MS,
      reconnectGraceMs: e.RECONNECT_GRACE_MS,
      skillFallbackMs: e.SKILL_FALLBACK_MS,
      continuityWaitMs: e.CONTINUITY_WAIT_MS,
      tierBoostMs: e.TIER_BOOST_MS,
      callbackTtlMs: e.CALLBACK_TTL_MS,
      callbackOwnerWaitMs: e.CALLBACK_OWNER_WAIT_MS,
      callbackRingMs: e.CALLBACK_RING_MS,
      placeHeldMs: DEFAULT_ENGINE_CONFIG.placeHeldMs,
    },
    callbackOnTimeMs: e.CALLBACK_ON_TIME_MS,
    databasePath: e.DATABASE_PATH,
    databaseUrl: e.DATABASE_URL,
    cluster: e.REDIS_URL
      ? { redisUrl: e.REDIS_URL, leaseMs: e.ENGINE_LEASE_MS, nodeId: e.NODE_ID ?? `${hostname()}-${process.pid}` }
      : null,
    serviceLevelTargetMs: e.SERVICE_LEVEL_TARGET_MS,
    serviceLevelGoal: e.SERVICE_LEVEL_GOAL,
    retentionDays: e.RETENTION_DAYS,
    tenants: e.TENANTS,
    sessionTokenTtlS: e.SESSION_TOKEN_TTL_S,
    identityMaxTtlS: e.IDENTITY_MAX_TTL_S,
    agentTokenTtlS: e.AGENT_TOKEN_TTL_S,
    heartbeatMs: e.HEARTBEAT_MS,
    webhooks: {
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
    },
    wsMaxPayload: e.WS_MAX_PAYLOAD,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    rateLimits:
      e.RATE_LIMITS === 'off'
        ? null
        : {
            loginMaxFailures: e.LOGIN_MAX_FAILURES,
            loginLockS: e.LOGIN_LOCK_S,
            loginMaxFailuresPerAddress: e.LOGIN_MAX_FAILURES_PER_ADDRESS,
            helpRequestsPerAddressPerMinute: e.HELP_REQUESTS_PER_ADDRESS_PER_MINUTE,
            helpRequestsPerTenantPerMinute: e.HELP_REQUESTS_PER_TENANT_PER_MINUTE,
            inviteAcceptsPerAddressPerHour: e.INVITE_ACCEPTS_PER_ADDRESS_PER_HOUR,
          },
    overload:
      (e.LOAD_SHEDDING ?? e.RATE_LIMITS) === 'on'
        ? {
            maxLoopDelayMs: e.SHED_LOOP_DELAY_MS,
            maxSocketDelayMs: e.SHED_SOCKET_DELAY_MS,
            maxInFlight: e.SHED_MAX_IN_FLIGHT,
            minAwaited: e.SHED_MIN_AWAITED,
            forgetAfterMs: e.SHED_FORGET_AFTER_MS,
          }
        : null,
    accessLog: e.ACCESS_LOG,
    metricsToken: e.METRICS_TOKEN ?? null,
  };
}
