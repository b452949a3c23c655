import type { AgentId, SessionId } from '@lifeline/shared';
import { describe, expect, test } from 'vitest';
import { type Effect, type EngineEvent, type EngineState, initialState, step } from './engine.js';

const A = 'agent-a' as AgentId;
const B = 'agent-b' as AgentId;
const U1 = 'user-1' as SessionId;
const U2 = 'user-2' as SessionId;
const U3 = 'user-3' as SessionId;

/**
 * Runs events at the given times; returns the final state, every effect in order, and the
 * positions users were told (positionsChanged expanded against the queue of that step).
 */
function run(events: Array<[number, EngineEvent]>, state = initialState()) {
  const effects: Effect[] = [];
  const told: Array<[SessionId, number]> = [];
  for (const [now, event] of events) {
    const result = step(state, event, now);
    state = result.state;
    effects.push(...result.effects);
    // The hub's sweep tells everyone from the changed index on, as it is: the engine must not
    // mark a user it tells at once (the hub keeps no memory of what it told whom).
    for (const e of result.effects) {
      if (e.type === 'notifyPosition') told.push([e.sessionId, e.position]);
      if (e.type === 'positionsChanged') {
        state.queue.slice(e.fromIndex).forEach((w, i) => {
          told.push([w.sessionId, e.fromIndex + i + 1]);
        });
      }
    }
  }
  return { state, effects, told };
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
      { type: 'offerToAgent', agentId: A, sessionId: U1, expiresAt: 15_010, callback: false },
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
    const { told } = run([
      [0, { type: 'user.enqueued', sessionId: U1 }],
      [1, { type: 'user.enqueued', sessionId: U2 }],
      [2, { type: 'user.cancelled', sessionId: U1, reason: 'user_cancelled' }],
    ]);
    expect(told).toEqual([
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
    expect(ofType(effects, 'cancelTimer')).toContainEqual({ type: 'cancelTimer', key: `offer:${U1}` });
    expect([...state.queue]).toEqual([]);
    expect(state.calls.get(U1)).toBe(A);
    expect(state.agents.get(A)?.presence).toBe('busy');
  });

  test('a decline offers the user to the next agent, never back to the one who declined', () => {
    const { state, effects } = run([
      ...available(A, 0),
      ...available(B, 1),
      [10, { type: 'user.enqueued', sessionId: U1 }],
      [20, { type: 'offer.declined', sessionId: U1, agentId: A }],
    ]);
    expect(ofType(effects, 'offerToAgent').map((e) => e.agentId)).toEqual([A, B]);
    expect(state.agents.get(A)?.presence).toBe('available');
  });

  test('an unanswered offer moves on; the agent stays available after one miss', () => {
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
    expect(state.agents.get(A)).toMatchObject({ presence: 'available', missedInRow: 1 });
  });

  test('a stale timeout after the accept changes nothing', () => {
    const { state, effects } = run([
      ...available(A, 0),
      [10, { type: 'user.enqueued', sessionId: U1 }],
      [20, { type: 'offer.accepted', sessionId: U1, agentId: A }],
      [15_010, { type: 'offer.timedOut', sessionId: U1, agentId: A }],
    ]);
    expect(state.calls.get(U1)).toBe(A);
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
    expect(state.agents.get(A)?.presence).toBe('available');
    expect([...state.queue]).toEqual([]);
  });

  test('an agent who disconnects while offered: the user keeps their place and goes to the next agent', () => {
    const { state, effects } = run([
      ...available(A, 0),
      ...available(B, 1),
      [10, { type: 'user.enqueued', sessionId: U1 }],
      [20, { type: 'agent.disconnected', agentId: A }],
    ]);
    expect(ofType(effects, 'offerToAgent').map((e) => e.agentId)).toEqual([A, B]);
    expect(state.agents.get(A)).toMatchObject({ presence: 'available', offline: true });
    expect(state.queue.get(0)?.sessionId).toBe(U1);
  });

  test('an agent whose console is offline is offered nothing until it is back', () => {
    const { state, effects } = run([
      ...available(A, 0),
      [5, { type: 'agent.disconnected', agentId: A }],
      [10, { type: 'user.enqueued', sessionId: U1 }],
    ]);
    expect(ofType(effects, 'offerToAgent')).toEqual([]);
    const back = step(state, { type: 'agent.online', agentId: A }, 20);
    expect(ofType([...back.effects], 'offerToAgent')).toMatchObject([{ agentId: A, sessionId: U1 }]);
    expect(back.effects).toContainEqual({ type: 'cancelTimer', key: `agent-grace:${A}` });
  });

  test('an agent whose console drops in a call keeps the call for the grace period and resumes it', () => {
    const { state, effects } = run([
      ...available(A, 0),
      [10, { type: 'user.enqueued', sessionId: U1 }],
      [20, { type: 'offer.accepted', sessionId: U1, agentId: A }],
      [30, { type: 'agent.disconnected', agentId: A }],
      [5_000, { type: 'agent.online', agentId: A }],
    ]);
    expect(ofType(effects, 'scheduleTimer').at(-1)).toMatchObject({
      at: 30_030,
      event: { type: 'agent.graceExpired', agentId: A },
    });
    expect(ofType(effects, 'requeueUser')).toEqual([]);
    expect(ofType(effects, 'endCall')).toEqual([]);
    expect(state.calls.get(U1)).toBe(A);
    expect(state.agents.get(A)).toEqual(expect.objectContaining({ presence: 'busy', sessionId: U1 }));
    expect(state.agents.get(A)?.offline).toBeUndefined();
    // A stale grace timer after the return changes nothing.
    const stale = step(state, { type: 'agent.graceExpired', agentId: A }, 30_030);
    expect(stale.state).toEqual(state);
  });

  test('an agent who never comes back: the user goes back to the head of the queue and is told why', () => {
    const { state, effects, told } = run([
      ...available(A, 0),
      [10, { type: 'user.enqueued', sessionId: U1 }],
      [20, { type: 'offer.accepted', sessionId: U1, agentId: A }],
      [21, { type: 'user.enqueued', sessionId: U2 }],
      [30, { type: 'agent.disconnected', agentId: A }],
      [30_030, { type: 'agent.graceExpired', agentId: A }],
    ]);
    expect(ofType(effects, 'requeueUser')).toEqual([
      { type: 'requeueUser', sessionId: U1, reason: 'agent_disconnected' },
    ]);
    expect(state.calls.size).toBe(0);
    expect(state.agents.get(A)).toBeUndefined();
    expect(state.queue.map((w) => w.sessionId)).toEqual([U1, U2]);
    expect(told.filter(([id]) => id === U1).at(-1)?.[1]).toBe(1);
    expect(told.filter(([id]) => id === U2).at(-1)?.[1]).toBe(2);
  });

  test('a call restored after a restart goes on while both parties reconnect within the grace period', () => {
    const { state, effects } = run([
      [0, { type: 'call.restored', sessionId: U1, agentId: A, skills: { languages: ['en'], areas: [] } }],
      [1_000, { type: 'agent.online', agentId: A }],
      [2_000, { type: 'user.enqueued', sessionId: U1 }],
    ]);
    expect(ofType(effects, 'scheduleTimer').map((t) => [t.key, t.at])).toEqual([
      [`grace:${U1}`, 30_000],
      [`agent-grace:${A}`, 30_000],
    ]);
    expect(ofType(effects, 'cancelTimer').map((t) => t.key)).toEqual([`agent-grace:${A}`, `grace:${U1}`]);
    expect(state.calls.get(U1)).toBe(A);
    expect(state.offline.size).toBe(0);
    expect(state.agents.get(A)).toEqual(
      expect.objectContaining({ presence: 'busy', sessionId: U1, skills: { languages: ['en'], areas: [] } }),
    );
    expect(ofType(effects, 'endCall')).toEqual([]);
  });

  test('a restored call whose user never comes back is ended as user_disconnected', () => {
    const { state, effects } = run([
      [0, { type: 'call.restored', sessionId: U1, agentId: A }],
      [1_000, { type: 'agent.online', agentId: A }],
      [30_000, { type: 'user.graceExpired', sessionId: U1 }],
    ]);
    expect(ofType(effects, 'endCall')).toEqual([
      { type: 'endCall', sessionId: U1, agentId: A, reason: 'user_disconnected' },
    ]);
    expect(state.agents.get(A)?.presence).toBe('available');
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

  test.each([
    ['ringing', [] as Array<[number, EngineEvent]>, 'offered'],
    [
      'in a call',
      [[12, { type: 'offer.accepted', sessionId: U1, agentId: A }]] as Array<[number, EngineEvent]>,
      'busy',
    ],
  ])('an agent cannot go away while %s: refused, and the offer or call goes on', (_, before, presence) => {
    const setUp = run([...available(A, 0), [10, { type: 'user.enqueued', sessionId: U1 }], ...before]);
    const { state, effects } = step(setUp.state, { type: 'agent.away', agentId: A, reason: 'lunch' }, 20);
    expect(effects).toEqual([{ type: 'rejected', code: 'invalid_state', message: `agent is ${presence}` }]);
    expect(state.agents.get(A)).toMatchObject({ presence, sessionId: U1 });
    expect(state).toEqual(setUp.state);
  });

  test('step never changes the state it is given', () => {
    const start = run(available(A, 0)).state;
    const frozen: EngineState = structuredClone(start);
    step(start, { type: 'user.enqueued', sessionId: U1 }, 5);
    expect(start).toEqual(frozen);
  });
});

describe('missed offers, wrap-up and away reasons', () => {
  test('an agent who misses N offers in a row is set away, so users are not offered to absent agents', () => {
    const { state, effects } = run(
      [
        ...available(A, 0),
        [10, { type: 'user.enqueued', sessionId: U1 }],
        [11, { type: 'user.enqueued', sessionId: U2 }],
        [15_010, { type: 'offer.timedOut', sessionId: U1, agentId: A }],
        [30_010, { type: 'offer.timedOut', sessionId: U1, agentId: A }],
        [30_020, { type: 'user.enqueued', sessionId: U3 }],
      ],
      initialState({ maxMissedOffers: 2 }),
    );
    expect(state.agents.get(A)).toMatchObject({ presence: 'away', awayReason: 'missed offers' });
    expect(ofType(effects, 'offerToAgent').map((e) => e.sessionId)).toEqual([U1, U1]);
  });

  test('an accept resets the missed-offer count', () => {
    const { state } = run(
      [
        ...available(A, 0),
        [10, { type: 'user.enqueued', sessionId: U1 }],
        [11, { type: 'user.enqueued', sessionId: U2 }],
        [15_010, { type: 'offer.timedOut', sessionId: U1, agentId: A }],
        [15_020, { type: 'offer.accepted', sessionId: U1, agentId: A }],
      ],
      initialState({ maxMissedOffers: 2 }),
    );
    expect(state.agents.get(A)?.missedInRow).toBe(0);
  });

  test('after a call the agent wraps up, then becomes available and takes the next user', () => {
    const { state, effects } = run(
      [
        ...available(A, 0),
        [10, { type: 'user.enqueued', sessionId: U1 }],
        [11, { type: 'user.enqueued', sessionId: U2 }],
        [20, { type: 'offer.accepted', sessionId: U1, agentId: A }],
        [100, { type: 'call.ended', sessionId: U1, reason: 'agent_ended' }],
      ],
      initialState({ wrapUpMs: 30_000 }),
    );
    expect(state.agents.get(A)?.presence).toBe('wrapUp');
    expect(ofType(effects, 'offerToAgent').map((e) => e.sessionId)).toEqual([U1]);
    const timer = ofType(effects, 'scheduleTimer').find((t) => t.key === 'wrapup:agent-a');
    expect(timer).toMatchObject({ at: 30_100, event: { type: 'agent.wrapUpDone', agentId: A } });
    const after = step(state, timer?.event as EngineEvent, 30_100);
    expect(ofType([...after.effects], 'offerToAgent').map((e) => e.sessionId)).toEqual([U2]);
  });

  test('away carries its reason', () => {
    const { state } = run([...available(A, 0), [5, { type: 'agent.away', agentId: A, reason: 'lunch' }]]);
    expect(state.agents.get(A)).toMatchObject({ presence: 'away', awayReason: 'lunch' });
  });
});

describe('reconnecting users', () => {
  test('a user who disconnects keeps their place during the grace period and resumes on reconnect', () => {
    const { state, effects, told } = run([
      [0, { type: 'user.enqueued', sessionId: U1 }],
      [1, { type: 'user.enqueued', sessionId: U2 }],
      [2, { type: 'user.disconnected', sessionId: U1 }],
      [5_000, { type: 'user.enqueued', sessionId: U1 }],
    ]);
    expect(state.queue.map((w) => w.sessionId)).toEqual([U1, U2]);
    expect(state.offline.size).toBe(0);
    expect(ofType(effects, 'cancelTimer').map((t) => t.key)).toContain('grace:user-1');
    expect(told.filter(([id]) => id === U1)).toEqual([
      [U1, 1],
      [U1, 1],
    ]);
    expect(ofType(effects, 'recordEvent').filter((e) => e.kind === 'abandoned')).toEqual([]);
  });

  test('after the grace period the session is abandoned', () => {
    const { state, effects } = run([
      [0, { type: 'user.enqueued', sessionId: U1 }],
      [2, { type: 'user.disconnected', sessionId: U1 }],
      [30_002, { type: 'user.graceExpired', sessionId: U1 }],
    ]);
    expect([...state.queue]).toEqual([]);
    expect(ofType(effects, 'recordEvent').at(-1)).toMatchObject({ kind: 'abandoned', reason: 'user_disconnected' });
  });

  test('a disconnected user is not offered; their outstanding offer is withdrawn', () => {
    const { state, effects } = run([
      ...available(A, 0),
      [10, { type: 'user.enqueued', sessionId: U1 }],
      [20, { type: 'user.disconnected', sessionId: U1 }],
    ]);
    expect(ofType(effects, 'revokeOffer')).toEqual([
      { type: 'revokeOffer', agentId: A, sessionId: U1, reason: 'cancelled' },
    ]);
    expect(state.agents.get(A)?.presence).toBe('available');
    expect(state.queue.get(0)?.offeredTo).toBeUndefined();
  });

  test('a user whose socket drops mid-call keeps the call within the grace period', () => {
    const { state, effects } = run([
      ...available(A, 0),
      [10, { type: 'user.enqueued', sessionId: U1 }],
      [20, { type: 'offer.accepted', sessionId: U1, agentId: A }],
      [30, { type: 'user.disconnected', sessionId: U1 }],
      [3_000, { type: 'user.enqueued', sessionId: U1 }],
    ]);
    expect(state.calls.get(U1)).toBe(A);
    expect(state.offline.size).toBe(0);
    expect(ofType(effects, 'endCall')).toEqual([]);
  });

  test('restored users rejoin in their original order and wait offline for their widget', () => {
    const { state, effects } = run([
      [
        100,
        {
          type: 'queue.restored',
          users: [
            { sessionId: U2, enqueuedAt: 20 },
            { sessionId: U1, enqueuedAt: 10 },
          ],
        },
      ],
    ]);
    expect(state.queue.map((w) => w.sessionId)).toEqual([U1, U2]);
    expect([...state.offline.keys()].sort()).toEqual([U1, U2]);
    // Their timelines already say when they queued: a restart adds nothing to them.
    expect(ofType(effects, 'recordEvent')).toEqual([]);
    expect(
      ofType(effects, 'scheduleTimer')
        .map((t) => t.key)
        .sort(),
    ).toEqual([`grace:${U1}`, `grace:${U2}`]);
  });
});

describe('skills, continuity and tiers', () => {
  const online = (
    agentId: AgentId,
    now: number,
    languages: string[],
    areas: string[] = [],
  ): Array<[number, EngineEvent]> => [
    [now, { type: 'agent.online', agentId, skills: { languages, areas } }],
    [now, { type: 'agent.available', agentId }],
  ];

  test('a request prefers an agent who speaks its language, even if another has idled longer', () => {
    const { effects } = run([
      ...online(A, 0, ['en']),
      ...online(B, 5, ['fr', 'en']),
      [10, { type: 'user.enqueued', sessionId: U1, traits: { language: 'fr-CA' } }],
    ]);
    expect(ofType(effects, 'offerToAgent')[0]?.agentId).toBe(B);
  });

  test('a request for a product area goes to an agent who covers it', () => {
    const { effects } = run([
      ...online(A, 0, ['en'], ['setup']),
      ...online(B, 5, ['en'], ['billing']),
      [10, { type: 'user.enqueued', sessionId: U1, traits: { area: 'billing' } }],
    ]);
    expect(ofType(effects, 'offerToAgent')[0]?.agentId).toBe(B);
  });

  test('without a matching agent working, anyone may answer at once', () => {
    const { effects } = run([
      ...online(A, 0, ['en']),
      [10, { type: 'user.enqueued', sessionId: U1, traits: { language: 'de' } }],
    ]);
    expect(ofType(effects, 'offerToAgent')[0]?.agentId).toBe(A);
  });

  test('when the matching agent is busy, the request waits for them until the fallback, then takes anyone', () => {
    const { state, effects } = run(
      [
        ...online(B, 0, ['fr']),
        [1, { type: 'user.enqueued', sessionId: U2 }],
        [2, { type: 'offer.accepted', sessionId: U2, agentId: B }],
        ...online(A, 3, ['en']),
        [10, { type: 'user.enqueued', sessionId: U1, traits: { language: 'fr' } }],
      ],
      initialState({ skillFallbackMs: 30_000 }),
    );
    expect(ofType(effects, 'offerToAgent').map((e) => e.sessionId)).toEqual([U2]);
    const recheck = ofType(effects, 'scheduleTimer').find((t) => t.key.startsWith('recheck:user-1'));
    expect(recheck?.at).toBe(30_010);
    const later = step(state, { type: 'queue.recheck' }, 30_010);
    expect(ofType([...later.effects], 'offerToAgent')).toMatchObject([{ sessionId: U1, agentId: A }]);
  });

  test('a returning user is offered first to the agent who helped them last, for a short wait', () => {
    const { state, effects } = run([
      ...online(A, 0, ['en']),
      ...online(B, 1, ['en']),
      [2, { type: 'user.enqueued', sessionId: U3 }],
      [3, { type: 'offer.accepted', sessionId: U3, agentId: A }],
      [10, { type: 'user.enqueued', sessionId: U1, traits: { lastAgentId: A } }],
    ]);
    // A is busy: U1 waits for A rather than going to idle B.
    expect(ofType(effects, 'offerToAgent').filter((e) => e.sessionId === U1)).toEqual([]);
    const ended = step(state, { type: 'call.ended', sessionId: U3, reason: 'user_ended' }, 5_000);
    expect(ofType([...ended.effects], 'offerToAgent')).toMatchObject([{ sessionId: U1, agentId: A }]);
    const lapsed = step(state, { type: 'queue.recheck' }, 10_010);
    expect(ofType([...lapsed.effects], 'offerToAgent')).toMatchObject([{ sessionId: U1, agentId: B }]);
  });

  test('a higher tier is served earlier, but never more than the boost ahead of a standard request', () => {
    const { state } = run(
      [
        [0, { type: 'user.enqueued', sessionId: U1 }],
        [30_000, { type: 'user.enqueued', sessionId: U2, traits: { tier: 1 } }],
        [90_000, { type: 'user.enqueued', sessionId: U3, traits: { tier: 1 } }],
      ],
      initialState({ tierBoostMs: 60_000 }),
    );
    // U2 (premium, 30 s later) goes ahead of U1; U3 (90 s later, beyond the bound) does not.
    expect(state.queue.map((w) => w.sessionId)).toEqual([U2, U1, U3]);
  });

  test('tiers are off by default: first come, first served', () => {
    const { state } = run([
      [0, { type: 'user.enqueued', sessionId: U1 }],
      [1, { type: 'user.enqueued', sessionId: U2, traits: { tier: 3 } }],
    ]);
    expect(state.queue.map((w) => w.sessionId)).toEqual([U1, U2]);
  });
});

describe('callbacks', () => {
  test('a callback keeps its place after the page closes and is offered to the next available agent', () => {
    const { state, effects } = run([
      [0, { type: 'user.enqueued', sessionId: U1 }],
      [5, { type: 'user.callbackRequested', sessionId: U1 }],
      [10, { type: 'user.disconnected', sessionId: U1 }],
      [60_000, { type: 'user.graceExpired', sessionId: U1 }],
      ...available(A, 90_000),
    ]);
    expect(ofType(effects, 'recordEvent').filter((e) => e.kind === 'abandoned')).toEqual([]);
    expect(ofType(effects, 'offerToAgent')).toMatchObject([{ sessionId: U1, agentId: A, callback: true }]);
    expect(state.queue.get(0)?.offeredTo).toBe(A);
  });

  test('a callback nobody answers within its lifetime leaves the queue, recorded as expired', () => {
    const day = 24 * 3_600_000;
    const { state, effects } = run([
      [0, { type: 'user.enqueued', sessionId: U1 }],
      [5, { type: 'user.callbackRequested', sessionId: U1 }],
      [10, { type: 'user.disconnected', sessionId: U1 }],
      [20, { type: 'user.enqueued', sessionId: U2 }],
    ]);
    expect(ofType(effects, 'scheduleTimer').find((t) => t.event.type === 'user.callbackExpired')).toMatchObject({
      at: 5 + day,
      event: { sessionId: U1 },
    });
    const expired = step(state, { type: 'user.callbackExpired', sessionId: U1 }, 5 + day);
    expect(expired.state.queue.map((w) => w.sessionId)).toEqual([U2]);
    expect(ofType([...expired.effects], 'recordEvent')).toEqual([
      { type: 'recordEvent', sessionId: U1, kind: 'abandoned', at: 5 + day, reason: 'callback_expired' },
    ]);
    // An ordinary waiting user is not touched by a stray expiry.
    expect(step(expired.state, { type: 'user.callbackExpired', sessionId: U2 }, 5 + day).state).toEqual(expired.state);
  });

  test('a callback restored after a restart keeps its original deadline', () => {
    const { effects } = run([
      [50_000, { type: 'queue.restored', users: [{ sessionId: U1, enqueuedAt: 1_000, callbackAt: 2_000 }] }],
    ]);
    expect(ofType(effects, 'scheduleTimer').find((t) => t.event.type === 'user.callbackExpired')?.at).toBe(
      2_000 + 24 * 3_600_000,
    );
  });

  test('a callback can be asked for without having queued (outside business hours)', () => {
    const { state, effects } = run([[0, { type: 'user.callbackRequested', sessionId: U1 }]]);
    expect([...state.queue]).toMatchObject([{ sessionId: U1, callback: true }]);
    expect(ofType(effects, 'recordEvent').map((e) => e.kind)).toEqual(['queued', 'callback_requested']);
  });

  test('a callback cannot be asked for once the call started', () => {
    const { effects } = run([
      ...available(A, 0),
      [1, { type: 'user.enqueued', sessionId: U1 }],
      [2, { type: 'offer.accepted', sessionId: U1, agentId: A }],
      [3, { type: 'user.callbackRequested', sessionId: U1 }],
    ]);
    expect(ofType(effects, 'rejected')).toHaveLength(1);
  });
});

test('a lone agent who missed an offer is offered the same user again (until set away)', () => {
  const { effects } = run([
    ...available(A, 0),
    [10, { type: 'user.enqueued', sessionId: U1 }],
    [15_010, { type: 'offer.timedOut', sessionId: U1, agentId: A }],
  ]);
  expect(ofType(effects, 'offerToAgent').map((e) => [e.sessionId, e.agentId])).toEqual([
    [U1, A],
    [U1, A],
  ]);
});

describe('arrival order', () => {
  test('users are queued by when they asked for help, not by when their socket connected', () => {
    // The longest a request can honestly be behind its socket: a place held by a refusal's
    // ticket, then the grace period to connect.
    const earliest = 102 - 90_000 - 30_000;
    const { state, effects } = run([
      [100, { type: 'user.enqueued', sessionId: U2, requestedAt: 60 }],
      [101, { type: 'user.enqueued', sessionId: U1, requestedAt: 50 }],
      [102, { type: 'user.enqueued', sessionId: U3, requestedAt: earliest - 10_000 }], // slower than that
    ]);
    expect(state.queue.map((w) => [w.sessionId, w.enqueuedAt])).toEqual([
      [U3, earliest],
      [U1, 50],
      [U2, 60],
    ]);
    expect(ofType(effects, 'recordEvent').map((e) => [e.sessionId, e.at])).toEqual([
      [U2, 60],
      [U1, 50],
      [U3, earliest],
    ]);
  });

  test('a user refused in a flash crowd and let in a minute and a half later goes ahead of those who asked after the refusal', () => {
    const { state } = run([
      [60_000, { type: 'user.enqueued', sessionId: U1, requestedAt: 59_000 }],
      [61_000, { type: 'user.enqueued', sessionId: U2, requestedAt: 60_500 }],
      // Refused at 1 s (its ticket says so), let in at 95 s: longer ago than the grace period.
      [95_000, { type: 'user.enqueued', sessionId: U3, requestedAt: 1_000 }],
    ]);
    expect(state.queue.map((w) => w.sessionId)).toEqual([U3, U1, U2]);
  });
});
