import type { SessionId } from '@lifeline/shared';
import type { Clock } from '../clock.js';
import type { Hub } from '../ws/hub.js';
import { agentOfCall, queuedAt, sessionStatus, traitsOf } from './status.js';
import type { SessionRecord, Store } from './types.js';

const callbackAt = (session: SessionRecord) => {
  const asked = session.events.find((e) => e.kind === 'callback_requested');
  return asked ? { callbackAt: asked.at } : {};
};

/**
 * After a restart (a deploy, a crash): waiting users go back into the queue in their original
 * order, and calls that were live go on. Peer-to-peer media never passed through the server, so
 * nothing about a restart ends a call: both parties are offline until they reconnect, within the
 * grace period; only a call whose parties never come back is ended, and recorded as such.
 */
export async function restoreFromStore(
  store: Store,
  hub: Hub,
  clock: Clock,
): Promise<{ waiting: number; live: number; closed: number; unconnected: SessionId[] }> {
  const { engine } = hub;
  const waiting = [];
  const unconnected: SessionId[] = [];
  let live = 0;
  let closed = 0;
  for (const session of await store.openSessions()) {
    hub.sessions.track(session);
    const status = sessionStatus(session);
    if (status === 'waiting') waiting.push(session);
    if (status === 'new') unconnected.push(session.id);
    if (status !== 'live') continue;
    const agentId = agentOfCall(session);
    const agent = agentId ? await store.agent(agentId) : undefined;
    if (agent) hub.rememberAgent(agent);
    const skills = agent?.skills;
    const rejected = agentId
      ? engine
          .dispatch({ type: 'call.restored', sessionId: session.id, agentId, ...(skills ? { skills } : {}) })
          .some((e) => e.type === 'rejected')
      : true;
    if (!rejected) live++;
    else {
      hub.sessions.record(session.id, { kind: 'ended', at: clock.now(), reason: 'server_restarted' });
      closed++;
    }
  }
  waiting.sort((a, b) => queuedAt(a) - queuedAt(b));
  engine.dispatch({
    type: 'queue.restored',
    users: waiting.map((session) => ({
      sessionId: session.id,
      enqueuedAt: queuedAt(session),
      traits: traitsOf(session),
      ...callbackAt(session),
    })),
  });
  return { waiting: waiting.length, live, closed, unconnected };
}
