import { LifelineError, type SessionId, type WidgetToServer } from '@lifeline/shared';
import { CloseCode } from '@lifeline/shared/transport';
import { isOpen } from '../businessHours.js';
import type { Address } from '../runtime/engineInputs.js';
import { sessionStatus, traitsOf } from '../store/status.js';
import type { Hub } from './hub.js';
import { throwIfRejected } from './rejection.js';

/** A widget's socket, on any node, is connected: it speaks only for the one session its token names. */
export async function userAttached(hub: Hub, from: Address, sessionId: SessionId): Promise<void> {
  const { clock } = hub.deps;
  const session = await hub.sessions.load(sessionId);
  if (!session) return hub.outbox.closeSocket(from, CloseCode.UnknownSession, 'unknown session');
  if (sessionStatus(session) === 'over') return hub.outbox.closeSocket(from, CloseCode.SessionOver, 'session is over');

  hub.outbox.attachUser(sessionId, from);
  const tenant = hub.deps.config.tenants[session.tenant];
  if (sessionStatus(session) === 'new' && !isOpen(tenant?.businessHours, clock.now())) {
    // Closed: not queued, told at once; the user may ask to be called back.
    hub.toUser(sessionId, { type: 'session.closed', reason: 'outside_hours' });
  } else {
    hub.engine.dispatch({
      type: 'user.enqueued',
      sessionId,
      traits: traitsOf(session),
      requestedAt: session.requestedAt,
    });
    // A callback an agent took before its user answered: now both sides can connect.
    const agentId = hub.agentOf(sessionId);
    const unconnected = !session.events.some((e) => e.kind === 'media_connected');
    if (agentId && session.traits.callbackId && unconnected) hub.startMedia(sessionId, agentId);
  }
}

/** One frame from the widget, already checked for rate and shape by the node holding its socket. */
export function userFrame(hub: Hub, sessionId: SessionId, message: WidgetToServer): void {
  const { clock } = hub.deps;
  const agentId = hub.agentOf(sessionId);
  switch (message.type) {
    case 'session.cancel':
      if (agentId) throw LifelineError.invalidState('the call has started: use session.end');
      return leave(hub, sessionId, message.reason ?? 'user_cancelled');
    case 'session.end':
      if (!agentId) return leave(hub, sessionId);
      throwIfRejected(hub.engine.dispatch({ type: 'call.ended', sessionId, reason: 'user_ended' }));
      return;
    case 'callback.request': {
      const session = hub.sessions.get(sessionId);
      if (!session) throw LifelineError.invalidState('the session is over');
      throwIfRejected(hub.engine.dispatch({ type: 'user.callbackRequested', sessionId, traits: traitsOf(session) }));
      hub.toUser(sessionId, { type: 'callback.confirmed' });
      return;
    }
    case 'share.state':
    case 'signal.description':
    case 'signal.candidate':
      if (!agentId) throw LifelineError.invalidState('no live call to signal');
      hub.toAgent(agentId, { ...message, sessionId });
      return;
    case 'control.event': {
      if (!agentId) throw LifelineError.invalidState('no live call');
      const detail = message.target ? `${message.action}: ${message.target}` : message.action;
      hub.sessions.record(sessionId, { kind: 'control', at: clock.now(), agentId, detail });
      return;
    }
    case 'media.restart':
      // A new page of the user's (a link followed, a reload) picked the session up with no media:
      // in a call (even one answered while the page was changing), both sides get a fresh grant
      // and connect again, the call and its timeline going on; in line, nothing changes.
      if (agentId)
        hub
          .restartUserMedia(sessionId, agentId)
          .catch((err: unknown) => hub.deps.log.error({ err, sessionId }, 'could not restart the media'));
      return;
    case 'media.connected': {
      if (!agentId) throw LifelineError.invalidState('no live call');
      const current = hub.sessions.get(sessionId);
      if (current && !current.events.some((e) => e.kind === 'media_connected')) {
        hub.sessions.record(sessionId, { kind: 'media_connected', at: clock.now() });
      }
      return;
    }
    default: {
      const never: never = message;
      throw LifelineError.badMessage(`unhandled ${JSON.stringify(never)}`);
    }
  }
}

/** The widget's socket closed; a replaced one leaving changes nothing. */
export function userDetached(hub: Hub, from: Address, sessionId: SessionId): void {
  if (!hub.outbox.detachUser(sessionId, from)) return;
  userGone(hub, sessionId);
}

/** The user's socket is gone (closed, or its node died). */
export function userGone(hub: Hub, sessionId: SessionId): void {
  const current = hub.sessions.get(sessionId);
  // Never queued (closed hours) and gone: that request is abandoned.
  if (current && sessionStatus(current) === 'new') return leave(hub, sessionId, 'user_disconnected');
  // The user keeps their place (or call) for the grace period and resumes with the same token.
  hub.engine.dispatch({ type: 'user.disconnected', sessionId });
}

/** The user leaves before any call: out of the queue, or, if never queued, recorded here. */
function leave(
  hub: Hub,
  sessionId: SessionId,
  reason: 'user_cancelled' | 'user_disconnected' | 'callback_scheduled' = 'user_cancelled',
): void {
  const session = hub.sessions.get(sessionId);
  if (session && sessionStatus(session) === 'new') {
    hub.sessions.record(sessionId, { kind: 'abandoned', at: hub.deps.clock.now(), reason });
    hub.toUser(sessionId, { type: 'session.ended', reason });
    return;
  }
  hub.engine.dispatch({ type: 'user.cancelled', sessionId, reason });
}
