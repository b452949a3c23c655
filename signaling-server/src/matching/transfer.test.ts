import type { AgentId, SessionId } from '@lifeline/shared';
import { describe, expect, test } from 'vitest';
import { type Effect, type EngineEvent, type EngineState, initialState, step } from './engine.js';

const A = 'agent-a' as AgentId;
const B = 'agent-b' as AgentId;
const C = 'agent-c' as AgentId;
const U1 = 'user-1' as SessionId;
const U2 = 'user-2' as SessionId;

function run(events: Array<[number, EngineEvent]>, state: EngineState = initialState()) {
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

/** A is in a call with U1; B (billing, French) and C (English) are online. */
function inCall(extra: Array<[number, EngineEvent]> = []) {
  return run([
    [0, { type: 'agent.online', agentId: A }],
    [0, { type: 'agent.available', agentId: A }],
    [1, { type: 'user.enqueued', sessionId: U1 }],
    [2, { type: 'offer.accepted', sessionId: U1, agentId: A }],
    [3, { type: 'agent.online', agentId: B, skills: { languages: ['fr'], areas: ['billing'] } }],
    [4, { type: 'agent.online', agentId: C, skills: { languages: ['en'], areas: [] } }],
    ...extra,
  ]);
}

const transferTo = (
  to: { agentId: AgentId } | { area?: string; language?: string },
  note = 'needs a refund',
): [number, EngineEvent] => [100, { type: 'transfer.requested', sessionId: U1, fromAgentId: A, to, note }];

describe('warm transfer', () => {
  test('the colleague rings with the note; the user stays with the first agent until they accept', () => {
    const ringing = inCall([[50, { type: 'agent.available', agentId: B }], transferTo({ agentId: B })]);
    expect(ofType(ringing.effects, 'offerTransfer')).toEqual([
      { type: 'offerTransfer', sessionId: U1, from: A, to: B, note: 'needs a refund', expiresAt: 15_100 },
    ]);
    expect(ringing.state.calls.get(U1)).toBe(A);
    expect(ringing.state.agents.get(B)?.presence).toBe('offered');

    const done = run([[200, { type: 'offer.accepted', sessionId: U1, agentId: B }]], ringing.state);
    expect(ofType(done.effects, 'transferCall')).toEqual([
      { type: 'transferCall', sessionId: U1, from: A, to: B, note: 'needs a refund' },
    ]);
    expect(done.state.calls.get(U1)).toBe(B);
    expect(done.state.transfers.size).toBe(0);
    expect(done.state.agents.get(B)).toMatchObject({ presence: 'busy', sessionId: U1 });
    expect(done.state.agents.get(A)?.presence).toBe('available');
    expect(ofType(done.effects, 'recordEvent').map((e) => e.kind)).toEqual(['transferred']);
    expect(ofType(done.effects, 'endCall')).toEqual([]);
    // The first agent is free for the next user.
    const next = run([[300, { type: 'user.enqueued', sessionId: U2 }]], done.state);
    expect(ofType(next.effects, 'offerToAgent')).toEqual([expect.objectContaining({ agentId: A, sessionId: U2 })]);
  });

  test('to a skill: the longest-idle available agent who has it', () => {
    const { effects } = inCall([
      [50, { type: 'agent.available', agentId: C }],
      [60, { type: 'agent.available', agentId: B }],
      transferTo({ area: 'billing' }),
    ]);
    expect(ofType(effects, 'offerTransfer')[0]?.to).toBe(B);
    const byLanguage = inCall([
      [50, { type: 'agent.available', agentId: B }],
      [60, { type: 'agent.available', agentId: C }],
      transferTo({ language: 'fr-CA' }),
    ]);
    expect(ofType(byLanguage.effects, 'offerTransfer')[0]?.to).toBe(B);
  });

  test('declined or unanswered: the first agent keeps the user and is told; the colleague is free again', () => {
    const ringing = inCall([[50, { type: 'agent.available', agentId: B }], transferTo({ agentId: B })]);
    const declined = run([[150, { type: 'offer.declined', sessionId: U1, agentId: B }]], ringing.state);
    expect(ofType(declined.effects, 'transferFailed')).toEqual([
      { type: 'transferFailed', sessionId: U1, from: A, to: B, reason: 'declined' },
    ]);
    expect(declined.state.calls.get(U1)).toBe(A);
    expect(declined.state.agents.get(B)?.presence).toBe('available');
    expect(declined.state.transfers.size).toBe(0);

    const missed = run([[15_100, { type: 'offer.timedOut', sessionId: U1, agentId: B }]], ringing.state);
    expect(ofType(missed.effects, 'transferFailed')[0]?.reason).toBe('timeout');
    expect(ofType(missed.effects, 'revokeOffer')).toEqual([
      { type: 'revokeOffer', agentId: B, sessionId: U1, reason: 'timeout' },
    ]);
  });

  test('the call ends, or the colleague drops, while the transfer rings: it is cancelled cleanly', () => {
    const ringing = inCall([[50, { type: 'agent.available', agentId: B }], transferTo({ agentId: B })]);
    const ended = run([[150, { type: 'call.ended', sessionId: U1, reason: 'user_ended' }]], ringing.state);
    expect(ofType(ended.effects, 'transferFailed')[0]?.reason).toBe('cancelled');
    expect(ofType(ended.effects, 'revokeOffer')[0]).toMatchObject({ agentId: B, reason: 'cancelled' });
    expect(ended.state.agents.get(B)?.presence).toBe('available');
    expect(ofType(ended.effects, 'endCall')).toHaveLength(1);
    // A late accept of the cancelled transfer is refused, not a second call.
    const late = run([[160, { type: 'offer.accepted', sessionId: U1, agentId: B }]], ended.state);
    expect(ofType(late.effects, 'rejected')).toHaveLength(1);
    expect(late.state.calls.size).toBe(0);

    const dropped = run([[150, { type: 'agent.disconnected', agentId: B }]], ringing.state);
    expect(ofType(dropped.effects, 'transferFailed')[0]?.reason).toBe('cancelled');
    expect(dropped.state.calls.get(U1)).toBe(A);
    expect(ofType(dropped.effects, 'requeueUser')).toEqual([]);
  });

  test('refused: not your call, nobody available, or a transfer already ringing', () => {
    const notYours = inCall([
      [50, { type: 'agent.available', agentId: B }],
      [100, { type: 'transfer.requested', sessionId: U1, fromAgentId: C, to: { agentId: B }, note: '' }],
    ]);
    expect(ofType(notYours.effects, 'rejected').at(-1)?.message).toBe('not your call');
    const nobody = inCall([transferTo({ agentId: B })]);
    expect(ofType(nobody.effects, 'rejected').at(-1)?.message).toMatch(/nobody/);
    const twice = inCall([
      [50, { type: 'agent.available', agentId: B }],
      [60, { type: 'agent.available', agentId: C }],
      transferTo({ agentId: B }),
      transferTo({ agentId: C }),
    ]);
    expect(ofType(twice.effects, 'rejected').at(-1)?.message).toMatch(/already ringing/);
    expect(twice.state.agents.get(C)?.presence).toBe('available');
  });

  test('a colleague ringing for a transfer is not offered a queued user meanwhile', () => {
    const { effects, state } = inCall([
      [50, { type: 'agent.available', agentId: B }],
      transferTo({ agentId: B }),
      [110, { type: 'user.enqueued', sessionId: U2 }],
    ]);
    expect(ofType(effects, 'offerToAgent').filter((e) => e.sessionId === U2)).toEqual([]);
    expect(state.queue.map((w) => w.sessionId)).toEqual([U2]);
  });
});
