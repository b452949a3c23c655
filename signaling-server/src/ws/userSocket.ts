import { LifelineError, type SessionId, WidgetToServer } from '@lifeline/shared';
import { CloseCode } from '@lifeline/shared/transport';
import type { WebSocket } from 'ws';
import { isOpen } from '../businessHours.js';
import { sessionStatus, traitsOf } from '../store/status.js';
import type { SessionRecord } from '../store/types.js';
import { onFrames } from './connection.js';
import type { Hub } from './hub.js';
import { throwIfRejected } from './rejection.js';

/** A widget's socket: it speaks only for the one session its token names. */
export function attachUser(hub: Hub, ws: WebSocket, sessionId: SessionId, session: SessionRecord | undefined): void {
  const { clock } = hub.deps;
  if (!session) return ws.close(CloseCode.UnknownSession, 'unknown session');
  if (sessionStatus(session) === 'over') {
    return ws.close(CloseCode.SessionOver, 'session is over');
  }

  hub.outbox.attachUser(sessionId, ws);
  const tenant = hub.deps.config.tenants[session.tenant];
  if (sessionStatus(session) === 'new' && !isOpen(tenant?.businessHours, clock.now())) {
    // Closed: not queued, told at once; the user may ask to be called back.
    hub.toUser(sessionId, { type: 'session.closed', reason: 'outside_hours' });
  } else {
    hub.engine.dispatch({ type: 'user.enqueued', sessionId, traits: traitsOf(session) });
  }

  const limited = hub.deps.config.rateLimits !== null;
  onFrames(
    ws,
    WidgetToServer,
    clock,
    (message) => {
      const agentId = hub.agentOf(sessionId);
      switch (message.type) {
        case 'session.cancel':
          if (agentId) throw LifelineError.invalidState('the call has started: use session.end');
          return leave(hub, sessionId);
        case 'session.end':
          if (!agentId) return leave(hub, sessionId);
          throwIfRejected(hub.engine.dispatch({ type: 'call.ended', sessionId, reason: 'user_ended' }));
          return;
        case 'callback.request':
          throwIfRejected(
            hub.engine.dispatch({ type: 'user.callbackRequested', sessionId, traits: traitsOf(session) }),
          );
          hub.toUser(sessionId, { type: 'callback.confirmed' });
          return;
        case 'share.state':
        case 'signal.description':
        case 'signal.candidate':
          if (!agentId) throw LifelineError.invalidState('no live call to signal');
          hub.toAgent(agentId, { ...message, sessionId });
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
    },
    limited,
  );

  ws.on('close', () => {
    if (!hub.outbox.detachUser(sessionId, ws)) return; // a newer connection took over
    const current = hub.sessions.get(sessionId);
    // Never queued (closed hours) and gone: that request is abandoned.
    if (current && sessionStatus(current) === 'new') return leave(hub, sessionId, 'user_disconnected');
    // The user keeps their place (or call) for the grace period and resumes with the same token.
    hub.engine.dispatch({ type: 'user.disconnected', sessionId });
  });
}

/** The user leaves before any call: out of the queue, or, if never queued, recorded here. */
function leave(
  hub: Hub,
  sessionId: SessionId,
  reason: 'user_cancelled' | 'user_disconnected' = 'user_cancelled',
): void {
  const session = hub.sessions.get(sessionId);
  if (session && sessionStatus(session) === 'new') {
    hub.sessions.record(sessionId, { kind: 'abandoned', at: hub.deps.clock.now(), reason });
    hub.toUser(sessionId, { type: 'session.ended', reason });
    return;
  }
  hub.engine.dispatch({ type: 'user.cancelled', sessionId, reason });
}
