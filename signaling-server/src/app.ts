import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Server as NetServer } from 'node:net';
import type { Duplex } from 'node:stream';
import { PROTOCOL_VERSION } from '@lifeline/shared';
import { CloseCode } from '@lifeline/shared/transport';
import express from 'express';
import helmet from 'helmet';
import pino, { type Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { Metrics } from './analytics/metrics.js';
import { TokenIssuer } from './auth/tokens.js';
import { type Clock, systemClock } from './clock.js';
import { ClusterBus } from './cluster/clusterBus.js';
import { RedisPresenceBook } from './cluster/redisPresenceBook.js';
import type { Config } from './config.js';
import { limitsFor } from './http/abuseLimits.js';
import { closeAcceptLanes, openAcceptLanes } from './http/acceptLanes.js';
import { accessLog } from './http/accessLog.js';
import { apiRouter } from './http/api.js';
import { errorHandler } from './http/errors.js';
import { livekitWebhookRouter } from './http/livekitWebhook.js';
import { metricsAuth } from './http/metricsAuth.js';
import { OverloadGuard } from './http/overload.js';
import { PlaceTickets } from './http/placeTickets.js';
import { staticRouter } from './http/staticFiles.js';
import type { EngineState } from './matching/types.js';
import type { EngineLink } from './runtime/engineInputs.js';
import { type EngineOwnership, startEngineOwnership } from './runtime/engineOwnership.js';
import { LocalLink } from './runtime/localLink.js';
import { applyDemoMode } from './store/demoAgent.js';
import { openStore } from './store/openStore.js';
import { scheduleRetention } from './store/retentionSchedule.js';
import type { Store } from './store/types.js';
import { Edge } from './ws/edge.js';
import { startHeartbeat } from './ws/heartbeat.js';
import { HeldSocket } from './ws/heldSocket.js';
import { Hub } from './ws/hub.js';
import { originAllowed } from './ws/origin.js';
import type { Transport } from './ws/outbox.js';
import { authenticateSocket } from './ws/socketAuth.js';

/** Pending connections the kernel queues for us (capped by net.core.somaxconn). */
const LISTEN_BACKLOG = 4_096;

export interface AppDeps {
  config: Config;
  clock?: Clock;
  store?: Store;
  log?: Logger;
  /** Serve the built widget, console and demo page (off in server-only tests). */
  serveStatic?: boolean;
}

export interface App {
  server: Server;
  hub: Hub;
  store: Store;
  /** Starts listening; resolves with the base URL (port 0 picks a free port). */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export async function createApp(deps: AppDeps): Promise<App> {
  const { config } = deps;
  const clock = deps.clock ?? systemClock;
  const ownsStore = !deps.store;
  const store = deps.store ?? (await openStore(config, clock));
  const log = deps.log ?? pino({ level: config.logLevel });
  // Demo mode keeps its token key in the database, so sessions survive a restart.
  const tokenSecret = config.authSecret ?? (await store.secret('auth_secret'));
  const tokens = new TokenIssuer(tokenSecret);
  // Read only when /metrics is scraped, after the hub exists.
  const metrics: Metrics = new Metrics((): EngineState => hub.engine.state);
  // Sockets are held by this node; the engine runs here or on another node, reached by the link.
  const node = config.cluster?.nodeId ?? 'local';
  const edge = new Edge(node, clock, config.rateLimits !== null, (input) => link.input(input));
  const transport: Transport = {
    send: (to, data) => link.send(to, data),
    close: (to, code, why) => link.close(to, code, why),
    recheck: (node) => link.recheck(node),
  };
  const hub: Hub = new Hub({ config, clock, store, log, metrics, transport });
  let ownership: EngineOwnership | undefined;
  const bus = config.cluster
    ? new ClusterBus({ ...config.cluster, log }, edge, () => (ownership?.here ? hub : null))
    : undefined;
  const link: EngineLink & Transport = bus ?? new LocalLink(hub, edge);
  if (bus) hub.standing.keepIn(new RedisPresenceBook(bus.redis, log));
  let closing: Promise<void> | undefined;
  /** More handles on the listening socket, so a turn of the loop takes more connections. */
  let lanes: NetServer[] = [];
  await bus?.start();
  // On many nodes, a node that takes the engine over asks every node for its sockets.
  ownership = await startEngineOwnership({
    config,
    store,
    hub,
    clock,
    log,
    onAcquired: (fence) => bus?.announceOwnership(fence),
    ...(bus ? { hearsOtherNodes: () => bus.connected } : {}),
  });

  await applyDemoMode(store, config, log);
  hub.webhooks.start();
  hub.runsEngine = () => ownership?.here ?? false;
  hub.callbacks.start();

  const app = express();
  app.disable('x-powered-by');
  // Behind a TLS proxy: client addresses and links come from X-Forwarded-* of trusted hops only.
  app.set('trust proxy', config.trustProxy);
  if (config.accessLog) app.use(accessLog(log));
  app.use(
    helmet({
      // The loader and panel are fetched by customers' pages on other origins.
      crossOriginResourcePolicy: { policy: 'cross-origin' },
      // Demo and self-hosted installs may run on plain http; HTTPS is the proxy's job.
      contentSecurityPolicy: {
        directives: {
          upgradeInsecureRequests: null,
          // The console talks to its own origin, plus the LiveKit server when calls go through one.
          connectSrc: ["'self'", ...(config.livekit ? liveKitOrigins(config.livekit.url) : [])],
          // The console's mirror of a user's page shows that page's images, from the customer's site.
          imgSrc: ["'self'", 'data:', 'blob:', 'https:', 'http:'],
        },
      },
      strictTransportSecurity: false,
    }),
  );
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, protocolVersion: PROTOCOL_VERSION, uptimeS: Math.round(process.uptime()) });
  });
  /** Readiness for a load balancer: the database (and Redis) answer and this node runs the engine. */
  app.get('/readyz', async (_req, res) => {
    const readiness = await (ownership as EngineOwnership).readiness();
    res.status(readiness.ready ? 200 : 503).json(readiness);
  });
  app.get('/metrics', metricsAuth(config.metricsToken), async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  if (config.livekit) {
    app.use('/api/livekit', livekitWebhookRouter({ settings: config.livekit, store, link }));
  }
  const limits = limitsFor(config.rateLimits, bus?.redis);
  const overload = config.overload ? new OverloadGuard(config.overload, () => metrics.shed()) : null;
  const tickets = new PlaceTickets(tokenSecret, config.engine.placeHeldMs);
  app.use('/api', apiRouter({ config, clock, store, tokens, hub, link, limits, overload, tickets }));
  if (deps.serveStatic ?? true) app.use(staticRouter());
  app.use(errorHandler(log));

  // Load shedding stands in front of the app: a refusal costs no parsing, routing or logging.
  const refusedNow = () => tickets.issue(clock.now());
  const server = createServer(overload ? overload.front(app, config.allowedOrigins, refusedNow) : app);
  // The edge knows every socket already: a second list in the server would cost an entry per user.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.wsMaxPayload,
    clientTracking: false,
    WebSocket: HeldSocket,
  });
  const stopHeartbeat = startHeartbeat(wss, () => edge.everySocket(), config.heartbeatMs);
  const stopRetention = scheduleRetention(store, clock, config.retentionDays, log);

  // Protocol errors (oversize or invalid frames) close the socket; unhandled they'd crash the process.
  const onSocketError = (err: Error) => log.debug({ err }, 'socket error');
  const authDeps = { edge, tokens, store, clock, log, overload };
  /**
   * Set up outside the upgrade handler on purpose: a closure made in there would keep the upgrade
   * request and its buffer alive as long as the socket (several KB per waiting user).
   */
  const onSocket = (ws: HeldSocket, req: IncomingMessage) => {
    ws.on('error', onSocketError);
    edge.admit(ws);
    wss.emit('connection', ws, req);
    authenticateSocket(authDeps, ws);
  };
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== '/ws') return refuse(socket, 404, 'Not Found');
      if (!originAllowed(req, config.allowedOrigins, Boolean(config.trustProxy)))
        return refuse(socket, 403, 'Forbidden');
      wss.handleUpgrade(req, socket, head, onSocket);
    })().catch((err) => {
      log.error({ err }, 'upgrade failed');
      refuse(socket, 500, 'Internal Server Error');
    });
  });

  return {
    server,
    hub,
    store,
    listen: async () => {
      // A flash crowd opens thousands of sockets a second: Node's default backlog (511) drops
      // connections during a busy moment and the client retries only after 1 s, 3 s, 7 s...
      server.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG });
      await once(server, 'listening');
      lanes = await openAcceptLanes(server, config.acceptLanes, LISTEN_BACKLOG).catch((err: unknown) => {
        log.warn({ err }, 'taking connections on one lane');
        return [];
      });
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
      return `http://${host}:${port}`;
    },
    close,
  };

  /**
   * Graceful shutdown (SIGTERM, a deploy): the engine stops first, so sockets closing now end
   * nothing; a held engine lease is released so another node takes over at once; every client is
   * told to reconnect at once (1012, elsewhere behind a balancer); calls and places are kept in
   * the store and resumed by the engine's next node.
   */
  async function close(): Promise<void> {
    if (closing) return closing;
    closing = (async () => {
      stopHeartbeat();
      stopRetention();
      overload?.stop();
      hub.close();
      await hub.webhooks.stop();
      await ownership?.stop();
      for (const ws of edge.everySocket()) ws.close(CloseCode.ServiceRestart, 'server restarting: reconnect');
      closeAcceptLanes(lanes);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Sockets that did not finish their closing handshake in a moment are cut.
      await new Promise((r) => setTimeout(r, 200)); // not unref'd: close() must finish
      for (const ws of [...edge.everySocket()]) ws.terminate();
      server.closeAllConnections();
      await closed;
      await bus?.stop();
      if (ownsStore) await store.close();
    })();
    return closing;
  }
}

/** A LiveKit URL in both the forms browsers use: its WebSocket and its HTTP origin. */
function liveKitOrigins(url: string): string[] {
  const origin = new URL(url);
  const secure = origin.protocol === 'wss:' || origin.protocol === 'https:';
  return [`${secure ? 'wss' : 'ws'}://${origin.host}`, `${secure ? 'https' : 'http'}://${origin.host}`];
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
