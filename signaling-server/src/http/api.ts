import { randomUUID } from 'node:crypto';
import {
  HelpRequestBody,
  type HelpRequestReply,
  LifelineError,
  LoginBody,
  type LoginReply,
  PROTOCOL_VERSION,
  type SessionId,
} from '@lifeline/shared';
import cors from 'cors';
import { json, Router } from 'express';
import { UNKNOWN_ACCOUNT_HASH, verifyPassword } from '../auth/passwords.js';
import type { TokenIssuer } from '../auth/tokens.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Store } from '../store/types.js';
import type { Hub } from '../ws/hub.js';
import { parseBody } from './errors.js';
import { statsReply } from './statsRoute.js';

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
    const body = parseBody(HelpRequestBody, req.body);
    const sessionId = randomUUID() as SessionId;
    const context = { ...body.context, userAgent: body.context.userAgent ?? req.get('user-agent')?.slice(0, 500) };
    store.createSession({
      id: sessionId,
      tenant: body.tenant,
      context,
      traits: body.area ? { area: body.area } : {},
      requestedAt: clock.now(),
    });
    const { token, expiresAt } = await tokens.issue({ role: 'user', sessionId }, config.sessionTokenTtlS, clock.now());
    const reply: HelpRequestReply = { sessionId, token, expiresAt, protocolVersion: PROTOCOL_VERSION };
    res.status(201).json(reply);
  });

  router.post('/agents/login', async (req, res) => {
    const { email, password } = parseBody(LoginBody, req.body);
    const agent = store.agentByEmail(email);
    // Verify even for an unknown e-mail so timing does not reveal which accounts exist.
    const ok = await verifyPassword(password, agent?.passwordHash ?? UNKNOWN_ACCOUNT_HASH);
    if (!agent || !ok) throw LifelineError.unauthorized('wrong e-mail or password');
    const { token, expiresAt } = await tokens.issue(
      { role: 'agent', agentId: agent.id },
      config.agentTokenTtlS,
      clock.now(),
    );
    const reply: LoginReply = { token, expiresAt, agent: { id: agent.id, name: agent.name, email: agent.email } };
    res.json(reply);
  });

  router.get('/stats', (req, res) => {
    const sessions = [...store.sessions()];
    res.json(statsReply(req, sessions, hub.engine.state, config.serviceLevelTargetMs, clock.now()));
  });

  return router;
}
