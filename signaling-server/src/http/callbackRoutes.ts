import {
  AgentCallbacksReply,
  AnswerCallbackBody,
  type CallbackSlotsReply,
  FollowUpBody,
  HandoverBody,
  LifelineError,
  ScheduleCallbackBody,
  type SessionId,
  type UserCallbacksReply,
  type UserContext,
} from '@lifeline/shared';
import cors from 'cors';
import { type Request, Router } from 'express';
import { z } from 'zod';
import { verifyIdentity } from '../auth/identity.js';
import { callbackPolicy } from '../callbacks/policy.js';
import { freeSlots, isFreeSlot } from '../callbacks/slots.js';
import type { CallbackRecord } from '../callbacks/types.js';
import { agentView, userView, webhookView } from '../callbacks/views.js';
import { handledBy } from '../history/sessionViews.js';
import { newId } from '../ids.js';
import type { AgentRecord } from '../store/types.js';
import { originAllowed } from '../ws/origin.js';
import { signedInAgent } from './agentAuth.js';
import type { ApiDeps } from './api.js';
import { clientAddress } from './clientAddress.js';
import { parseBody } from './errors.js';
import { sessionToJoin } from './helpRequests.js';

/** Open callbacks one user may hold at once: enough for any real need, not a way to flood the team. */
const MAX_OPEN_PER_USER = 3;
const IdentityBody = z.object({ tenant: z.string().max(64), identity: z.string().max(4_096) });

/**
 * Callbacks kept by the server. The user's side (from the host page, with the host's signed
 * identity): the slots, their own callbacks, schedule, answer and cancel. The agent's side (with
 * their sign-in): *My callbacks*, promising a follow-up, handing one over at a shift change.
 */
export function callbackRoutes(deps: ApiDeps): Router {
  const { config, clock, store, link, tokens, limits } = deps;
  const router = Router();
  const widgetCors = cors({ origin: config.allowedOrigins.includes('*') ? true : config.allowedOrigins });
  router.options('/callbacks', widgetCors);
  router.options('/callbacks/*path', widgetCors);

  const tenantOf = (id: string) => {
    const tenant = config.tenants[id];
    if (!tenant && !config.demo) throw LifelineError.notFound(`unknown tenant ${id}`);
    return tenant;
  };
  /** The user the host's backend vouches for: callbacks reach identified users only. */
  const identifiedUser = async (req: Request, body: { tenant: string; identity: string }) => {
    if (!originAllowed(req, config.allowedOrigins, Boolean(config.trustProxy)))
      throw LifelineError.unauthorized('this origin is not allowed');
    const settings = tenantOf(body.tenant);
    return verifyIdentity(body.tenant, settings, body.identity, clock.now(), config.identityMaxTtlS);
  };
  const names = async () => {
    const agents = await store.agents();
    const byId = new Map(agents.map((a) => [a.id as string, a.name]));
    return (id: string) => byId.get(id);
  };
  const slotsFor = async (tenant: string) => {
    const settings = tenantOf(tenant);
    const policy = callbackPolicy(settings);
    const now = clock.now();
    const booked = await store.callbacks.bookedBetween(tenant, now, now + (policy.days + 1) * 86_400_000);
    return { slots: freeSlots(policy, settings?.businessHours, booked, now), settings };
  };
  const ownCallback = async (id: string, tenant: string, userId: string) => {
    const callback = await store.callbacks.find(id);
    if (!callback || callback.tenant !== tenant || callback.userId !== userId)
      throw LifelineError.notFound('no such callback');
    return callback;
  };

  router.get('/callbacks/slots', widgetCors, async (req, res) => {
    const { tenant } = parseBody(z.object({ tenant: z.string().max(64) }), req.query);
    const { slots, settings } = await slotsFor(tenant);
    const reply: CallbackSlotsReply = { slots, timeZone: settings?.businessHours?.timeZone ?? 'UTC' };
    res.set('Cache-Control', 'private, max-age=30').json(reply);
  });

  // POST, so the identity token stays out of URLs and access logs.
  router.post('/callbacks/lookup', widgetCors, async (req, res) => {
    const body = parseBody(IdentityBody, req.body);
    const user = await identifiedUser(req, body);
    const [open, nameOf] = await Promise.all([store.callbacks.openForUser(body.tenant, user.userId), names()]);
    const reply: UserCallbacksReply = { callbacks: open.map((c) => userView(c, nameOf)) };
    res.json(reply);
  });

  router.post('/callbacks', widgetCors, async (req, res) => {
    const body = parseBody(ScheduleCallbackBody, req.body);
    await limits.helpRequest(clientAddress(req), body.tenant);
    const user = await identifiedUser(req, body);
    const open = await store.callbacks.openForUser(body.tenant, user.userId);
    if (open.length >= MAX_OPEN_PER_USER) throw LifelineError.invalidState('you already have callbacks scheduled');
    const now = clock.now();
    if (body.at !== undefined && !isFreeSlot((await slotsFor(body.tenant)).slots, body.at))
      throw LifelineError.invalidState('that time is no longer free: pick another');
    // "As soon as possible" from the queue keeps the user's place: due when they first asked.
    const origin = body.sessionId ? await store.getSession(body.sessionId as SessionId) : undefined;
    const fromQueue = origin?.tenant === body.tenant && origin.context.userId === user.userId ? origin : undefined;
    const callback = await store.callbacks.add({
      id: newId(),
      tenant: body.tenant,
      userId: user.userId,
      user: identityContext(user),
      traits: {
        ...(body.area ? { area: body.area } : fromQueue?.traits.area ? { area: fromQueue.traits.area } : {}),
        ...(fromQueue?.traits.tier ? { tier: fromQueue.traits.tier } : {}),
        ...(fromQueue?.context.language ? { language: fromQueue.context.language } : {}),
      },
      kind: 'requested',
      dueAt: body.at ?? Math.min(now, fromQueue?.requestedAt ?? now),
      ownerId: null,
      note: '',
      handoff: null,
      originSessionId: fromQueue?.id ?? null,
      createdAt: now,
    });
    announce(deps, callback, await names());
    res.status(201).json(userView(callback, () => undefined));
  });

  router.post('/callbacks/:id/answer', widgetCors, async (req, res) => {
    const body = parseBody(AnswerCallbackBody, req.body);
    const user = await identifiedUser(req, body);
    const callback = await ownCallback(req.params.id as string, body.tenant, user.userId);
    if (callback.status !== 'due' || !callback.sessionId) {
      if (callback.status === 'scheduled' && callback.nextAt <= clock.now()) link.input({ type: 'callbacks.changed' });
      throw LifelineError.invalidState('this callback is not ringing');
    }
    res.status(201).json(await sessionToJoin(deps, callback.sessionId, body.tenant));
  });

  router.post('/callbacks/:id/cancel', widgetCors, async (req, res) => {
    const body = parseBody(IdentityBody, req.body);
    const user = await identifiedUser(req, body);
    const callback = await ownCallback(req.params.id as string, body.tenant, user.userId);
    // Ringing: its session leaves the queue, and settles the callback as cancelled.
    if (callback.status === 'due' && callback.sessionId)
      link.input({ type: 'callback.cancel', sessionId: callback.sessionId });
    else if (
      await store.callbacks.settle(callback.id, { status: 'cancelled', reason: 'user_cancelled' }, clock.now())
    ) {
      const closed = { ...webhookView(callback, await names()), status: 'cancelled', reason: 'user_cancelled' };
      deps.hub.webhooks.emit(callback.tenant, 'callback.closed', closed);
    }
    res.status(204).end();
  });

  router.get('/agent/callbacks', async (req, res) => {
    const agent = await signedInAgent(req, tokens, store, clock);
    const [open, nameOf] = await Promise.all([store.callbacks.openForOwner(agent.id, true), names()]);
    const reply: AgentCallbacksReply = { callbacks: open.map((c) => agentView(c, nameOf)) };
    res.json(AgentCallbacksReply.parse(reply));
  });

  router.post('/callbacks/follow-ups', async (req, res) => {
    const agent = await signedInAgent(req, tokens, store, clock);
    const body = parseBody(FollowUpBody, req.body);
    const session = await store.getSession(body.sessionId as SessionId);
    if (!session || !handledBy(session, agent.id)) throw LifelineError.notFound('not one of your calls');
    const { context } = session;
    if (!context.verified || !context.userId)
      throw LifelineError.invalidState('only an identified user can be called back: their product signs who they are');
    if (body.at <= clock.now()) throw LifelineError.invalidState('pick a time in the future');
    const callback = await store.callbacks.add({
      id: newId(),
      tenant: session.tenant,
      userId: context.userId,
      user: identityContext({
        userId: context.userId,
        ...(context.name ? { name: context.name } : {}),
        ...(context.email ? { email: context.email } : {}),
        ...(context.plan ? { plan: context.plan } : {}),
      }),
      traits: {
        ...(session.traits.area ? { area: session.traits.area } : {}),
        ...(session.traits.tier ? { tier: session.traits.tier } : {}),
        ...(context.language ? { language: context.language } : {}),
      },
      kind: 'promised',
      dueAt: body.at,
      ownerId: agent.id,
      note: body.note,
      handoff: null,
      originSessionId: session.id,
      createdAt: clock.now(),
    });
    const nameOf = await names();
    announce(deps, callback, nameOf);
    res.status(201).json(agentView(callback, nameOf));
  });

  router.post('/callbacks/:id/handover', async (req, res) => {
    const agent = await signedInAgent(req, tokens, store, clock);
    const body = parseBody(HandoverBody, req.body);
    const callback = await store.callbacks.find(req.params.id as string);
    if (!callback) throw LifelineError.notFound('no such callback');
    if (callback.ownerId !== agent.id && agent.role === 'agent')
      throw LifelineError.invalidState('only its owner (or a supervisor) hands a callback over');
    const to: AgentRecord | undefined = body.to ? await store.agent(body.to as AgentRecord['id']) : undefined;
    if (body.to && !to?.active) throw LifelineError.notFound('no such colleague');
    if (!(await store.callbacks.handOver(callback.id, agent.id, to?.id ?? null, body.note)))
      throw LifelineError.invalidState('this callback is ringing or closed: it can no longer be handed over');
    const updated = (await store.callbacks.find(callback.id)) as CallbackRecord;
    // The colleague's console (or the whole team's) shows it now, not at their next reload.
    link.input({ type: 'callbacks.changed', consoles: to ? [to.id] : 'all' });
    res.json(agentView(updated, await names()));
  });

  return router;
}

/** What the agent sees of the user: only what the host's backend signed. */
function identityContext(user: { userId: string; name?: string; email?: string; plan?: string }): UserContext {
  return {
    userId: user.userId,
    verified: true,
    ...(user.name ? { name: user.name } : {}),
    ...(user.email ? { email: user.email } : {}),
    ...(user.plan ? { plan: user.plan } : {}),
  };
}

/**
 * A new callback: the tenant's backend hears of it, the keeper looks at its due time, the user's
 * panel shows it, and its owner's console lists it.
 */
function announce(deps: ApiDeps, callback: CallbackRecord, nameOf: (id: string) => string | undefined): void {
  deps.hub.webhooks.emit(callback.tenant, 'callback.scheduled', webhookView(callback, nameOf));
  deps.link.input({
    type: 'callbacks.changed',
    ...(callback.ownerId ? { consoles: [callback.ownerId] } : {}),
    ...(callback.originSessionId
      ? { tell: { sessionId: callback.originSessionId, ...userView(callback, nameOf) } }
      : {}),
  });
}
