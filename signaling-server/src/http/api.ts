import { randomUUID } from 'node:crypto';
import {
  type AgentId,
  ErrorCode,
  HelpRequestBody,
  type HelpRequestReply,
  LifelineError,
  type MonitorReply,
  PROTOCOL_VERSION,
  RatingBody,
  type SessionId,
  type TeamReply,
  type UserContext,
} from '@lifeline/shared';
import cors from 'cors';
import { json, Router } from 'express';
import type { TokenIssuer } from '../auth/tokens.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { lastAgentFor, sessionStatus } from '../store/status.js';
import type { SessionRecord, Store } from '../store/types.js';
import { verifyIdentity } from '../tenants.js';
import type { Hub } from '../ws/hub.js';
import { originAllowed } from '../ws/origin.js';
import { signedInAgent } from './agentAuth.js';
import { agentRoutes } from './agentRoutes.js';
import { parseBody } from './errors.js';
import { floorReply } from './floorRoute.js';
import { sessionRoutes } from './sessionRoutes.js';
import { statsReply, timeToAnswerReply } from './statsRoute.js';

export interface ApiDeps {
  config: Config;
  clock: Clock;
  store: Store;
  tokens: TokenIssuer;
  hub: Hub;
}

export function apiRouter({ config, clock, store, tokens, hub }: ApiDeps): Router {
  const router = Router();
  router.use(json({ limit: '16kb' }));

  // The widget calls this from customers' pages: allow their origins (configured).
  const widgetCors = cors({
    origin: config.allowedOrigins.includes('*') ? true : config.allowedOrigins,
    methods: ['POST'],
  });
  router.options('/help-requests', widgetCors);
  router.post('/help-requests', widgetCors, async (req, res) => {
    // CORS only stops browsers from reading the reply; the request itself is refused here.
    if (!originAllowed(req, config.allowedOrigins)) {
      throw new LifelineError(ErrorCode.Forbidden, 'this origin is not allowed to ask for help');
    }
    const body = parseBody(HelpRequestBody, req.body);
    const sessionId = randomUUID() as SessionId;
    const tenant = config.tenants[body.tenant];
    const { userId: _unverified, ...claimed } = body.context;
    let context: UserContext = { ...claimed, userAgent: claimed.userAgent ?? req.get('user-agent')?.slice(0, 500) };
    let traits: SessionRecord['traits'] = body.area ? { area: body.area } : {};
    if (body.identity) {
      verifyIdentity(tenant, body.identity, clock.now());
      const { userId, name, email, plan } = body.identity;
      context = {
        ...context,
        userId,
        ...(name ? { name } : {}),
        ...(email ? { email } : {}),
        ...(plan ? { plan } : {}),
      };
      const tier = plan ? tenant?.planTiers[plan] : undefined;
      const lastAgentId = lastAgentFor(store.sessions(), body.tenant, userId);
      traits = { ...traits, ...(tier ? { tier } : {}), ...(lastAgentId ? { lastAgentId } : {}) };
    }
    store.createSession({ id: sessionId, tenant: body.tenant, context, traits, requestedAt: clock.now() });
    const { token, expiresAt } = await tokens.issue({ role: 'user', sessionId }, config.sessionTokenTtlS, clock.now());
    const reply: HelpRequestReply = {
      sessionId,
      token,
      expiresAt,
      protocolVersion: PROTOCOL_VERSION,
      recording: hub.media.recorded(body.tenant),
    };
    res.status(201).json(reply);
  });

  // The widget rates its own finished session, with its session token.
  router.options('/sessions/:id/rating', widgetCors);
  router.post('/sessions/:id/rating', widgetCors, async (req, res) => {
    const claims = await tokens.verify(req.get('authorization')?.replace(/^Bearer /, '') ?? '', clock.now());
    if (claims?.role !== 'user' || claims.sessionId !== req.params.id) throw LifelineError.unauthorized();
    const session = store.getSession(claims.sessionId);
    if (!session || sessionStatus(session) !== 'over') throw LifelineError.invalidState('the session has not ended');
    const { score, comment } = parseBody(RatingBody, req.body);
    store.rate(claims.sessionId, { score, at: clock.now(), ...(comment ? { comment } : {}) });
    res.status(204).end();
  });

  // Silent monitoring: a supervisor joins a live call hidden, able to watch and listen only.
  router.post('/sessions/:id/monitor', async (req, res) => {
    const supervisor = await signedInAgent(req, tokens, store, clock, ['supervisor', 'admin']);
    const sessionId = req.params.id as SessionId;
    if (!store.getSession(sessionId)) throw LifelineError.notFound('no such session');
    const rooms = hub.media.livekit;
    if (!rooms) throw LifelineError.invalidState('silent monitoring needs the LiveKit transport (MEDIA=livekit)');
    if (!hub.agentOf(sessionId)) throw LifelineError.invalidState('the session is not in a live call');
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
    const live = hub.engine.state.agents;
    const reply: TeamReply = {
      agents: [...store.agents()].map((a) => ({
        id: a.id,
        name: a.name,
        presence: live.get(a.id)?.presence ?? 'offline',
        languages: [...a.skills.languages],
        areas: [...a.skills.areas],
      })),
    };
    res.json(reply);
  });

  router.get('/floor', async (req, res) => {
    await signedInAgent(req, tokens, store, clock, ['supervisor', 'admin']);
    res.json(floorReply(config, hub.engine.state, store, clock.now()));
  });

  router.use(agentRoutes({ config, clock, store, tokens, hub }));
  router.use(sessionRoutes({ config, clock, store, tokens, hub }));

  router.get('/stats/time-to-answer', (req, res) => {
    res.json(timeToAnswerReply(req, store.sessions(), clock.now()));
  });

  router.get('/stats', (req, res) => {
    const sessions = [...store.sessions()];
    const teamOf = (agentId: string) => store.agent(agentId as AgentId)?.team;
    res.json(statsReply(req, sessions, hub.engine.state, config.serviceLevelTargetMs, clock.now(), teamOf));
  });

  return router;
}
