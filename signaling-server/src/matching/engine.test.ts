import type { AgentId, SessionId } from '@lifeline/shared';
import { describe, expect, test } from 'vitest';
import { type Effect, type EngineEvent, type EngineState, initialState, step } from './engine.js';

const A = 'agent-a' as AgentId;
const B = 'agent-b' as AgentId;
const U1 = 'user-1' as SessionId;
const U2 = 'user-2' as SessionId;
const U3 = 'user-3' as SessionId;

/** Runs events at the given times; returns the final state and every effect, in order. */
function run(events: Array<[number, EngineEvent]>, state = initialState({ offerTimeoutMs: 15_000 })) {
  const effects: Effect[] = [];
  for (const [now, event] of events) {
    const result = step(state, event, now);
    state = result.state;
    effects.push(...result.effects);
  }
  return { state, effects };
}

const ofType = <T extends Effect['type']>(effects: Effect[], type: T) =>
  effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);

const available = (agentId: AgentId, now: number): Array<[number, EngineEvent]> => [
  [now, { type: 'agent.online', agentId }],
  [now, { type: 'agent.available', agentId }],
];

describe('matching engine', () => {
  test('a user who asks while an agent is available is offered to that agent at once', () => {
    const { effects } = run([...available(A, 0), [10, { type: 'user.enqueued', sessionId: U1 }]]);
    expect(ofType(effects, 'offerToAgent')).toEqual([
      { type: 'offerToAgent', agentId: A, sessionId: U1, expiresAt: 15_010 },
    ]);
    expect(ofType(effects, 'scheduleTimer')[0]).toMatchObject({
      at: 15_010,
      event: { type: 'offer.timedOut', sessionId: U1, agentId: A },
    });
  });

  test('waiting users are offered in arrival order as agents become available', () => {
    const { effects } = run([
      [0, { type: 'user.enqueued', sessionId: U1 }],
      [1, { type: 'user.enqueued', sessionId: U2 }],
      [2, { type: 'user.enqueued', sessionId: U3 }],
      ...available(A, 5),
      ...available(B, 6),
    ]);
    expect(ofType(effects, 'offerToAgent').map((e) => [e.sessionId, e.agentId])).toEqual([
      [U1, A],
      [U2, B],
    ]);
  });

  test('the agent idle longest gets the next user', () => {
    const { effects } = run([
      ...available(B, 0),
      ...available(A, 100),
      [200, { type: 'user.enqueued', sessionId: U1 }],
    ]);
    expect(ofType(effects, 'offerToAgent')[0]?.agentId).toBe(B);
  });

  test('queue positions are pushed to each waiting user, and again only when they change', () => {
    const { effects } = run([
      [0, { type: 'user.enqueued', sessionId: U1 }],
      [1, { type: 'user.enqueued', sessionId: U2 }],
      [2, { type: 'user.cancelled', sessionId: U1, reason: 'user_cancelled' }],
    ]);
    expect(ofType(effects, 'notifyPosition').map((e) => [e.sessionId, e.position])).toEqual([
      [U1, 1],
      [U2, 2],
      [U2, 1],
    ]);
  });

  test('users are told at once when no agent is online', () => {
    const { effects } = run([[0, { type: 'user.enqueued', sessionId: U1 }]]);
    expect(ofType(effects, 'notifyNoAgents')).toEqual([{ type: 'notifyNoAgents', sessionId: U1 }]);
  });

  test('accepting starts the call, records the answer and takes the user out of the queue', () => {
    const { state, effects } = run([
      ...available(A, 0),
      [10, { type: 'user.enqueued', sessionId: U1 }],
      [2_010, { type: 'offer.accepted', sessionId: U1, agentId: A }],
    ]);
    expect(ofType(effects, 'startCall')).toEqual([{ type: 'startCall', sessionId: U1, agentId: A }]);
    expect(ofType(effects, 'recordEvent').map((e) => [e.kind, e.at])).toEqual([
      ['queued', 10],
      ['offered', 10],
      ['accepted', 2_010],
    ]);
    expect(ofType(effects, 'cancelTimer')).toEqual([{ type: 'cancelTimer', key: `offer:${U1}` }]);
    expect(state.queue).toEqual([]);
    expect(state.calls[U1]).toBe(A);
    expect(state.agents[A]?.presence).toBe('busy');
  });

  test('a decline offers the user to the next agent, never back to the one who declined', () => {
    const { state, effects } = run([
      ...available(A, 0),
      ...available(B, 1),
      [10, { type: 'user.enqueued', sessionId: U1 }],
      [20, { type: 'offer.declined', sessionId: U1, agentId: A }],
    ]);
    expect(ofType(effects, 'offerToAgent').map((e) => e.agentId)).toEqual([A, B]);
    expect(state.agents[A]?.presence).toBe('available');
  });

  test('an unanswered offer moves on and sets the absent agent away', () => {
    const { state, effects } = run([
      ...available(A, 0),
      ...available(B, 1),
      [10, { type: 'user.enqueued', sessionId: U1 }],
      [15_010, { type: 'offer.timedOut', sessionId: U1, agentId: A }],
    ]);
    expect(ofType(effects, 'revokeOffer')).toEqual([
      { type: 'revokeOffer', agentId: A, sessionId: U1, reason: 'timeout' },
    ]);
    expect(ofType(effects, 'offerToAgent').map((e) => e.agentId)).toEqual([A, B]);
    expect(state.agents[A]?.presence).toBe('away');
  });

  test('a stale timeout after the accept changes nothing', () => {
    const { state, effects } = run([
      ...available(A, 0),
      [10, { type: 'user.enqueued', sessionId: U1 }],
      [20, { type: 'offer.accepted', sessionId: U1, agentId: A }],
      [15_010, { type: 'offer.timedOut', sessionId: U1, agentId: A }],
    ]);
    expect(state.calls[U1]).toBe(A);
    expect(ofType(effects, 'rejected')).toEqual([]);
  });

  test('accepting an offer that is not yours is rejected', () => {
    const { effects } = run([
      ...available(A, 0),
      ...available(B, 0),
      [10, { type: 'user.enqueued', sessionId: U1 }],
      [20, { type: 'offer.accepted', sessionId: U1, agentId: B }],
    ]);
    expect(ofType(effects, 'rejected')).toHaveLength(1);
    expect(ofType(effects, 'startCall')).toEqual([]);
  });

  test('a user who cancels while being offered frees the agent and is recorded as abandoned', () => {
    const { state, effects } = run([
      ...available(A, 0),
      [10, { type: 'user.enqueued', sessionId: U1 }],
      [5_000, { type: 'user.cancelled', sessionId: U1, reason: 'user_cancelled' }],
    ]);
    expect(ofType(effects, 'revokeOffer')).toEqual([
      { type: 'revokeOffer', agentId: A, sessionId: U1, reason: 'cancelled' },
    ]);
    expect(ofType(effects, 'recordEvent').at(-1)).toMatchObject({
      kind: 'abandoned',
      at: 5_000,
      reason: 'user_cancelled',
    });
    expect(state.agents[A]?.presence).toBe('available');
    expect(state.queue).toEqual([]);
  });

  test('an agent who disconnects while offered: the user keeps their place and goes to the next agent', () => {
    const { state, effects } = run([
      ...available(A, 0),
      ...available(B, 1),
      [10, { type: 'user.enqueued', sessionId: U1 }],
      [20, { type: 'agent.disconnected', agentId: A }],
    ]);
    expect(ofType(effects, 'offerToAgent').map((e) => e.agentId)).toEqual([A, B]);
    expect(state.agents[A]).toBeUndefined();
    expect(state.queue[0]?.sessionId).toBe(U1);
  });

  test('an agent who disconnects in a call ends it for the user', () => {
    const { state, effects } = run([
      ...available(A, 0),
      [10, { type: 'user.enqueued', sessionId: U1 }],
      [20, { type: 'offer.accepted', sessionId: U1, agentId: A }],
      [30, { type: 'agent.disconnected', agentId: A }],
    ]);
    expect(ofType(effects, 'endCall')).toEqual([
      { type: 'endCall', sessionId: U1, agentId: A, reason: 'agent_disconnected' },
    ]);
    expect(state.calls).toEqual({});
  });

  test('after a call the agent is available again and takes the next waiting user', () => {
    const { effects } = run([
      ...available(A, 0),
      [10, { type: 'user.enqueued', sessionId: U1 }],
      [11, { type: 'user.enqueued', sessionId: U2 }],
      [20, { type: 'offer.accepted', sessionId: U1, agentId: A }],
      [90, { type: 'call.ended', sessionId: U1, reason: 'user_ended' }],
    ]);
    expect(ofType(effects, 'offerToAgent').map((e) => [e.sessionId, e.expiresAt])).toEqual([
      [U1, 15_010],
      [U2, 15_090],
    ]);
  });

  test('an away agent is never offered anyone', () => {
    const { effects } = run([
      ...available(A, 0),
      [1, { type: 'agent.away', agentId: A }],
      [10, { type: 'user.enqueued', sessionId: U1 }],
    ]);
    expect(ofType(effects, 'offerToAgent')).toEqual([]);
  });

  test('an agent cannot go away while ringing or in a call', () => {
    const { effects } = run([
      ...available(A, 0),
      [10, { type: 'user.enqueued', sessionId: U1 }],
      [11, { type: 'agent.away', agentId: A }],
    ]);
    expect(ofType(effects, 'rejected')).toHaveLength(1);
  });

  test('step never changes the state it is given', () => {
    const start = run(available(A, 0)).state;
    const frozen: EngineState = structuredClone(start);
    step(start, { type: 'user.enqueued', sessionId: U1 }, 5);
    expect(start).toEqual(frozen);
  });
});
