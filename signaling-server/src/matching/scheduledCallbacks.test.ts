import type { AgentId, SessionId } from '@lifeline/shared';
import { describe, expect, test } from 'vitest';
import { type Effect, type EngineEvent, type EngineState, initialState, step } from './engine.js';

const OWNER = 'agent-owner' as AgentId;
const OTHER = 'agent-other' as AgentId;
const CB = 'callback-session' as SessionId;
const LIVE = 'live-user' as SessionId;
const config = { callbackOwnerWaitMs: 60_000, callbackRingMs: 45_000, skillFallbackMs: 30_000 };

/** Runs events at their times; timers come due when a later event's time passes them, as the runner would fire them. */
function run(events: Array<[number, EngineEvent]>, state: EngineState = initialState(config)) {
  const effects: Effect[] = [];
  const timers = new Map<string, { at: number; event: EngineEvent }>();
  const apply = (now: number, event: EngineEvent) => {
    const result = step(state, event, now);
    state = result.state;
    effects.push(...result.effects);
    for (const e of result.effects) {
      if (e.type === 'scheduleTimer') timers.set(e.key, { at: e.at, event: e.event });
      if (e.type === 'cancelTimer') timers.delete(e.key);
    }
  };
  for (const [now, event] of events) {
    for (;;) {
      const next = [...timers].filter(([, t]) => t.at <= now).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      timers.delete(next[0]);
      apply(next[1].at, next[1].event);
    }
    apply(now, event);
  }
  return { state, effects };
}

const offers = (effects: Effect[]) =>
  effects.flatMap((e) => (e.type === 'offerToAgent' ? [[e.agentId, e.sessionId, e.callback] as const] : []));
const online = (agentId: AgentId, skills = { languages: ['en'], areas: ['billing'] }): EngineEvent => ({
  type: 'agent.online',
  agentId,
  skills,
});

describe('scheduled callbacks in the engine', () => {
  test('a due callback joins the queue by its due time, ahead of users who asked after it', () => {
    const { state } = run([
      [1_000, { type: 'user.enqueued', sessionId: LIVE, requestedAt: 1_000 }],
      [5_000, { type: 'callback.due', sessionId: CB, dueAt: 500 }],
    ]);
    expect(state.queue.map((w) => w.sessionId)).toEqual([CB, LIVE]);
    expect(state.queue.get(0)?.callback).toBe(true);
  });

  test('a due follow-up goes to its owner first, even while the owner is busy elsewhere, then to a colleague with the skills', () => {
    const { effects } = run([
      [0, online(OWNER)],
      [0, online(OTHER)],
      [0, { type: 'agent.available', agentId: OTHER }],
      [100, { type: 'callback.due', sessionId: CB, dueAt: 100, traits: { owner: OWNER, area: 'billing' } }],
      [30_000, { type: 'queue.recheck' }],
      [60_200, { type: 'queue.recheck' }],
    ]);
    // Nothing for the first minute: the owner is away; then the colleague with billing gets it.
    expect(offers(effects)).toEqual([[OTHER, CB, true]]);
    const offered = effects.find((e) => e.type === 'recordEvent' && e.kind === 'offered');
    expect(offered).toMatchObject({ at: 60_100, agentId: OTHER });
  });

  test('the owner who comes back within the wait is the one offered', () => {
    const { effects } = run([
      [0, online(OWNER)],
      [0, online(OTHER)],
      [0, { type: 'agent.available', agentId: OTHER }],
      [100, { type: 'callback.due', sessionId: CB, dueAt: 100, traits: { owner: OWNER } }],
      [20_000, { type: 'agent.available', agentId: OWNER }],
    ]);
    expect(offers(effects)).toEqual([[OWNER, CB, true]]);
  });

  test('an owner who declines lets a colleague have it at once', () => {
    const { effects } = run([
      [0, online(OWNER)],
      [0, { type: 'agent.available', agentId: OWNER }],
      [100, { type: 'callback.due', sessionId: CB, dueAt: 100, traits: { owner: OWNER } }],
      [200, online(OTHER)],
      [200, { type: 'agent.available', agentId: OTHER }],
      [300, { type: 'offer.declined', sessionId: CB, agentId: OWNER }],
    ]);
    expect(offers(effects)).toEqual([
      [OWNER, CB, true],
      [OTHER, CB, true],
    ]);
  });

  test('a callback an agent took rings on the user side; unanswered, the call ends as no_answer', () => {
    const { effects, state } = run([
      [0, online(OTHER)],
      [0, { type: 'agent.available', agentId: OTHER }],
      [100, { type: 'callback.due', sessionId: CB, dueAt: 100 }],
      [200, { type: 'offer.accepted', sessionId: CB, agentId: OTHER }],
      [50_000, { type: 'queue.recheck' }],
    ]);
    expect(effects.filter((e) => e.type === 'endCall')).toEqual([
      { type: 'endCall', sessionId: CB, agentId: OTHER, reason: 'no_answer' },
    ]);
    expect(state.calls.size).toBe(0);
    expect(state.agents.get(OTHER)?.presence).toBe('available');
  });

  test('a user who answers in time keeps the call: nothing ends it', () => {
    const { effects, state } = run([
      [0, online(OTHER)],
      [0, { type: 'agent.available', agentId: OTHER }],
      [100, { type: 'callback.due', sessionId: CB, dueAt: 100 }],
      [200, { type: 'offer.accepted', sessionId: CB, agentId: OTHER }],
      [10_000, { type: 'user.enqueued', sessionId: CB }],
      [200_000, { type: 'queue.recheck' }],
    ]);
    expect(effects.some((e) => e.type === 'endCall')).toBe(false);
    expect(state.calls.get(CB)).toBe(OTHER);
  });

  test('a cancelled callback leaves the queue and is never offered', () => {
    const { effects, state } = run([
      [0, online(OWNER)],
      [100, { type: 'callback.due', sessionId: CB, dueAt: 100, traits: { owner: OWNER } }],
      [500, { type: 'user.cancelled', sessionId: CB, reason: 'user_cancelled' }],
      [1_000, { type: 'agent.available', agentId: OWNER }],
    ]);
    expect(offers(effects)).toEqual([]);
    expect([...state.queue]).toEqual([]);
  });
});
