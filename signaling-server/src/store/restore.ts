import type { Clock } from '../clock.js';
import type { EngineRunner } from '../matching/runner.js';
import { queuedAt, sessionStatus, traitsOf } from './status.js';
import type { Store } from './types.js';

/**
 * After a restart: waiting users go back into the queue in their original order (offline until
 * their widget reconnects, within the grace period); calls that were live are closed.
 */
export function restoreFromStore(
  store: Store,
  engine: EngineRunner,
  clock: Clock,
): { waiting: number; closed: number } {
  const waiting = [];
  let closed = 0;
  for (const session of store.sessions()) {
    const status = sessionStatus(session);
    if (status === 'waiting') waiting.push(session);
    if (status === 'live') {
      store.appendEvent(session.id, { kind: 'ended', at: clock.now(), reason: 'server_restarted' });
      closed++;
    }
  }
  waiting.sort((a, b) => queuedAt(a) - queuedAt(b));
  for (const session of waiting) {
    engine.dispatch({
      type: 'user.restored',
      sessionId: session.id,
      enqueuedAt: queuedAt(session),
      traits: traitsOf(session),
      callback: session.events.some((e) => e.kind === 'callback_requested'),
    });
  }
  return { waiting: waiting.length, closed };
}
