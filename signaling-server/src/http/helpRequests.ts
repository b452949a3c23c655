import {
  ErrorCode,
  HelpRequestBody,
  type HelpRequestReply,
  LifelineError,
  PROTOCOL_VERSION,
  type SessionId,
  type UserContext,
} from '@lifeline/shared';
import type { Request, Response } from 'express';
import { tierOf, verifyIdentity } from '../auth/identity.js';
import { newId } from '../ids.js';
import type { SessionRecord } from '../store/types.js';
import { webhookSubject } from '../webhooks/sessionWebhooks.js';
import { originAllowed } from '../ws/origin.js';
import type { ApiDeps } from './api.js';
import { clientAddress } from './clientAddress.js';
import { parseBody } from './errors.js';
import { sharedUserAgent } from './userAgents.js';

/**
 * `POST /api/help-requests`: a user presses help. Who they are (and so their tier and their
 * previous agent) comes only from the host's signed identity token; what the page reports
 * about itself is kept, as unverified.
 */
export function helpRequestHandler({ config, clock, store, tokens, hub, link, limits, overload, tickets }: ApiDeps) {
  return async (req: Request, res: Response) => {
    // CORS only stops browsers from reading the reply; the request itself is refused here.
    if (!originAllowed(req, config.allowedOrigins, Boolean(config.trustProxy))) {
      throw new LifelineError(ErrorCode.Forbidden, 'this origin is not allowed to ask for help');
    }
    const body = parseBody(HelpRequestBody, req.body);
    const tenant = config.tenants[body.tenant];
    if (!tenant && !config.demo) throw LifelineError.notFound(`unknown tenant ${body.tenant}`);
    await limits.helpRequest(clientAddress(req), body.tenant);
    // Identity fields are never taken from the page: only from the signed token below.
    const { userId: _u, name: _n, email: _e, plan: _p, verified: _v, claims: _c, ...reported } = body.context;
    const userAgent = sharedUserAgent(reported.userAgent ?? req.get('user-agent')?.slice(0, 500));
    let context: UserContext = { ...reported, userAgent };
    let traits: SessionRecord['traits'] = body.area ? { area: body.area } : NO_TRAITS;
    if (body.identity) {
      const user = await verifyIdentity(body.tenant, tenant, body.identity, clock.now(), config.identityMaxTtlS);
      const { claims, ...who } = user;
      context = { ...context, ...who, verified: true, ...(claims ? { claims } : {}) };
      const tier = tierOf(tenant, user.plan);
      const lastAgentId = await store.lastAgentFor(body.tenant, user.userId);
      traits = { ...traits, ...(tier ? { tier } : {}), ...(lastAgentId ? { lastAgentId } : {}) };
    }
    const sessionId = newId() as SessionId;
    // Refused earlier in a flash crowd: help was asked for when the ticket says, not now.
    const requestedAt = body.ticket ? tickets.placedAt(body.ticket, clock.now()) : clock.now();
    const session = await store.createSession({ id: sessionId, tenant: body.tenant, context, traits, requestedAt });
    link.input({ type: 'session.opened', session });
    const area = traits.area ? { area: traits.area } : {};
    hub.webhooks.emit(body.tenant, 'session.requested', { ...webhookSubject(session), ...area }, session.requestedAt);
    const reply = await sessionToJoin({ config, clock, tokens, hub }, sessionId, body.tenant);
    overload?.answered(sessionId);
    res.status(201).json(reply);
  };
}

/** A request with nothing to route by: one shared, frozen value for the many that have none. */
const NO_TRAITS: SessionRecord['traits'] = Object.freeze({});

/** What a widget joins a session with: its token, the protocol, and whether the call is recorded. */
export async function sessionToJoin(
  { config, clock, tokens, hub }: Pick<ApiDeps, 'config' | 'clock' | 'tokens' | 'hub'>,
  sessionId: SessionId,
  tenant: string,
): Promise<HelpRequestReply> {
  const { token, expiresAt } = await tokens.issue({ role: 'user', sessionId }, config.sessionTokenTtlS, clock.now());
  return { sessionId, token, expiresAt, protocolVersion: PROTOCOL_VERSION, recording: hub.media.recorded(tenant) };
}
