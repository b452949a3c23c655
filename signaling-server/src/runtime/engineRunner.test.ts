import type { AgentId, SessionId } from '@lifeline/shared';
import { expect, test } from 'vitest';
import type { Clock } from '../clock.js';
import type { Effect } from '../matching/types.js';
import { ManualClock } from '../testing/manualClock.js';
import { EngineRunner } from './engineRunner.js';

/** Node's timers sometimes fire a millisecond before `Date.now()` reaches their time. */
class EarlyTimers implements Clock {
  constructor(readonly inner: ManualClock) {}
  now = () => this.inner.now();
  setTimer = (fn: () => void, delayMs: number) => this.inner.setTimer(fn, delayMs > 1 ? delayMs - 1 : delayMs);
}

test("a timer that fires early still ends the owner's turn: the colleague waiting is offered the follow-up", () => {
  const manual = new ManualClock();
  const offers: Effect[] = [];
  const runner = new EngineRunner({ callbackOwnerWaitMs: 3_000 }, new EarlyTimers(manual), (effect) => {
    if (effect.type === 'offerToAgent') offers.push(effect);
  });
  const sam = 'sam' as AgentId;
  runner.dispatch({ type: 'agent.online', agentId: sam });
  runner.dispatch({ type: 'agent.available', agentId: sam });
  runner.dispatch({
    type: 'callback.due',
    sessionId: 'follow-up' as SessionId,
    traits: { owner: 'signed-out-owner' as AgentId },
    dueAt: manual.now(),
  });
  manual.advance(2_998);
  expect(offers).toEqual([]);
  manual.advance(2);
  expect(offers).toMatchObject([{ agentId: sam, sessionId: 'follow-up', callback: true }]);
});
