import {
  ErrorCode,
  LifelineError,
  type MonitorReply,
  RatingBody,
  type SessionId,
  type TeamReply,
} from '@lifeline/shared';
import cors from 'cors';
import { json, type Request, Router } from 'express';
import type { TokenIssuer } from '../auth/tokens.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { EngineLink } from '../runtime/engineInputs.js';
import { sessionStatus } from '../store/status.js';
import type { Store } from '../store/types.js';
import { webhookSubject } from '../webhooks/sessionWebhooks.js';
import type { Hub } from '../ws/hub.js';
import type { Limits } from './abuseLimits.js';
import { signedInAgent } from './agentAuth.js';
import { agentRoutes } from './agentRoutes.js';
import { availabilityRouter } from './availabilityRoute.js';
import { bearerToken } from './bearer.js';
import { callbackRoutes } from './callbackRoutes.js';
import { parseBody } from './errors.js';
import { helpRequestHandler } from './helpRequests.js';
import { openApiDocument } from './openapi/document.js';
import type { OverloadGuard } from './overload.js';
import type { PlaceTickets } from './placeTickets.js';
import { privacyRoutes } from './privacyRoutes.js';
import { sessionRoutes } from './sessionRoutes.js';
import { statsReply, timeToAnswerReply } from './statsRoute.js';

export interface ApiDeps {
  config: Config;
  clock: Clock;
  store: Store;
  tokens: TokenIssuer;
  /** Only for what every node knows alike (media settings); the live state is asked through the link. */
  hub: Hub;
  link: EngineLink;
  limits: Limits;
  /** Told of each help request answered (load shedding); null with LOAD_SHEDDING=off. */
  overload: OverloadGuard | null;
  /** Read back from help requests refused by load shedding and asked again. */
  tickets: PlaceTickets;
}

export function apiRouter(deps: ApiDeps): Router {
  const { config, clock, store, tokens, hub, link } = deps;
  const router = Router();
  router.use(json({ limit: '16kb' }));

  // The widget calls this from customers' pages: allow their origins (configured).
  const widgetOrigins = config.allowedOrigins.includes('*') ? true : config.allowedOrigins;
  // Retry-After is read by the widget when a busy server asks it to come back.
  const widgetCors = cors({ origin: widgetOrigins, methods: ['POST'], exposedHeaders: ['Retry-After'] });
  router.use(availabilityRouter(deps, widgetOrigins));
  // The API's own description, made once from the schemas the routes parse and answer with.
  const description = openApiDocument();
  router.get('/openapi.json', (_req, res) => res.json(description));
  router.options('/help-requests', widgetCors);
  router.post('/help-requests', widgetCors, helpRequestHandler(deps));

  // The widget rates its own finished session, with its session token.
  router.options('/sessions/:id/rating', widgetCors);
  router.post('/sessions/:id/rating', widgetCors, async (req, res) => {
    const claims = await tokens.verify(bearerToken(req), clock.now());
    if (claims?.role !== 'user' || claims.sessionId !== req.params.id) throw LifelineError.unauthorized();
    const session = await store.getSession(claims.sessionId);
    if (!session || sessionStatus(session) !== 'over') throw LifelineError.invalidState('the session has not ended');
    const { score, comment } = parseBody(RatingBody, req.body);
    await store.rate(claims.sessionId, { score, at: clock.now(), ...(comment ? { comment } : {}) });
    const rated = { ...webhookSubject(session), score, comment: comment ?? null };
    hub.webhooks.emit(session.tenant, 'session.rated', rated);
    res.status(204).end();
  });

  // Silent monitoring: a supervisor joins a live call hidden, able to watch and listen only.
  router.post('/sessions/:id/monitor', async (req, res) => {
    const supervisor = await signedInAgent(req, tokens, store, clock, ['supervisor', 'admin']);
    const sessionId = req.params.id as SessionId;
    if (!(await store.getSession(sessionId))) throw LifelineError.notFound('no such session');
    const rooms = hub.media.livekit;
    if (!rooms) throw LifelineError.invalidState('silent monitoring needs the LiveKit transport (MEDIA=livekit)');
    const { agentInCall } = await link.ask({ type: 'session', sessionId });
    if (!agentInCall) throw LifelineError.invalidState('the session is not in a live call');
    const token = await rooms.tokenFor({
      role: 'supervisor',
      sessionId,
      agentId: supervisor.id,
      name: supervisor.name,
    });
    const reply: MonitorReply = { media: { provider: 'livekit', url: rooms.settings.url, token } };
    res.json(reply);
  });

  router.get('/team', async (req, res) => {
    await signedInAgent(req, tokens, store, clock);
    const [agents, presence] = await Promise.all([store.agents(), link.ask({ type: 'presence' })]);
    const reply: TeamReply = {
      agents: agents.map((a) => ({
        id: a.id,
        name: a.name,
        presence: presence[a.id] ?? 'offline',
        languages: [...a.skills.languages],
        areas: [...a.skills.areas],
      })),
    };
    res.json(reply);
  });

  router.get('/floor', async (req, res) => {
    await signedInAgent(req, tokens, store, clock, ['supervisor', 'admin']);
    res.json(await link.ask({ type: 'floor' }));
  });

  router.use(agentRoutes(deps));
  router.use(sessionRoutes(deps));
  router.use(privacyRoutes(deps));
  router.use(callbackRoutes(deps));

  /**
   * Figures need a sign-in: any agent sees the service's figures and their own; splits by
   * agent or team, and another agent's figures, are for supervisors. Only known tenants.
   */
  const figuresReader = async (req: Request) => {
    const reader = await signedInAgent(req, tokens, store, clock);
    const { groupBy, agent, tenant } = req.query;
    const perAgent = groupBy === 'agent' || groupBy === 'team' || (agent !== undefined && agent !== reader.id);
    if (perAgent && reader.role === 'agent') {
      throw new LifelineError(ErrorCode.Forbidden, 'figures per agent are for supervisors');
    }
    if (typeof tenant === 'string' && !config.demo && !config.tenants[tenant]) {
      throw LifelineError.notFound(`unknown tenant ${tenant}`);
    }
  };

  router.get('/stats/time-to-answer', async (req, res) => {
    await figuresReader(req);
    const serviceLevel = { targetMs: config.serviceLevelTargetMs, goal: config.serviceLevelGoal };
    res.json(await timeToAnswerReply(req, store, serviceLevel, clock.now()));
  });

  router.get('/stats', async (req, res) => {
    await figuresReader(req);
    const targets = { serviceLevelMs: config.serviceLevelTargetMs, callbackOnTimeMs: config.callbackOnTimeMs };
    const counts = await link.ask({ type: 'counts' });
    res.json(await statsReply(req, store, counts, targets, clock.now()));
  });

  return router;
}
