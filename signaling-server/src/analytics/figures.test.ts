import type { AgentId, SessionId } from '@lifeline/shared';
import { describe, expect, test } from 'vitest';
import type { SessionEvent, SessionRecord } from '../store/types.js';
import { generatedHistory, HISTORY_TEAMS } from '../testing/generatedHistory.js';
import { groupedFigures, serviceFigures } from './figures.js';

const A = 'a' as AgentId;
const B = 'b' as AgentId;

function session(
  id: string,
  requestedAt: number,
  events: SessionEvent[],
  extra: Partial<SessionRecord> = {},
): SessionRecord {
  return {
    id: id as SessionId,
    tenant: 'acme',
    context: {},
    traits: {},
    requestedAt,
    events: [{ kind: 'requested', at: requestedAt }, ...events],
    ...extra,
  };
}

const sessions = [
  // answered in 5 s by A, 60 s call, media at 6 s
  session('s1', 0, [
    { kind: 'accepted', at: 5_000, agentId: A },
    { kind: 'media_connected', at: 6_000 },
    { kind: 'ended', at: 65_000, reason: 'user_ended' },
  ]),
  // answered in 30 s by B after A missed the offer
  session('s2', 10_000, [
    { kind: 'offer_timeout', at: 25_000, agentId: A },
    { kind: 'accepted', at: 40_000, agentId: B },
    { kind: 'ended', at: 160_000, reason: 'agent_ended' },
  ]),
  // abandoned
  session('s3', 20_000, [{ kind: 'abandoned', at: 50_000, reason: 'user_cancelled' }], {
    tenant: 'globex',
    traits: { tier: 1 },
  }),
  // still waiting
  session('s4', 30_000, [{ kind: 'queued', at: 30_000 }]),
];
const all = { from: 0, to: 1e12, serviceLevelTargetMs: 20_000 };

describe('service figures', () => {
  test('are computed from the events', () => {
    const f = serviceFigures(sessions, all);
    expect(f).toMatchObject({ requests: 4, answered: 2, abandoned: 1, missedOffers: 1 });
    expect(f.timeToAnswerMs).toEqual({ mean: 17_500, p50: 5_000, p90: 30_000, p99: 30_000 });
    expect(f.serviceLevel).toBeCloseTo(1 / 3);
    expect(f.abandonmentRate).toBeCloseTo(1 / 3);
    expect(f.averageHandleMs).toBe(90_000);
    expect(f.timeToMediaMs.p50).toBe(6_000);
  });

  test('respect the window and the filters', () => {
    expect(serviceFigures(sessions, { ...all, from: 15_000 }).requests).toBe(2);
    expect(serviceFigures(sessions, { ...all, tenant: 'globex' })).toMatchObject({ requests: 1, abandoned: 1 });
    expect(serviceFigures(sessions, { ...all, tier: 1 }).requests).toBe(1);
    expect(serviceFigures(sessions, { ...all, agentId: A })).toMatchObject({ answered: 1, missedOffers: 1 });
  });

  test('split by agent, tenant and tier', () => {
    expect(Object.keys(groupedFigures(sessions, all, 'agent')).sort()).toEqual(['a', 'b']);
    expect(groupedFigures(sessions, all, 'tenant').acme?.requests).toBe(3);
    expect(groupedFigures(sessions, all, 'tier')['1']?.abandoned).toBe(1);
    const teams = groupedFigures(sessions, all, 'team', (agent) => (agent === 'a' ? 'north' : 'south'));
    expect(teams.north).toMatchObject({ answered: 1 });
    expect(teams.south).toMatchObject({ answered: 1, averageHandleMs: 120_000 });
  });

  test('are null, not zero, when nothing was answered or abandoned', () => {
    const f = serviceFigures([], all);
    expect(f).toMatchObject({ serviceLevel: null, abandonmentRate: null, averageHandleMs: null });
  });
});

describe('splits in one pass', () => {
  test('give the same figures as filtering the history once per group', () => {
    const history = generatedHistory(2_000, 7);
    const window = { from: 100_000, to: 1_700_000, serviceLevelTargetMs: 20_000 };
    const teamOf = (agent: string) => HISTORY_TEAMS[agent];
    for (const [key, figures] of Object.entries(groupedFigures(history, window, 'tenant')))
      expect(figures).toEqual(serviceFigures(history, { ...window, tenant: key }));
    for (const [key, figures] of Object.entries(groupedFigures(history, window, 'tier')))
      expect(figures).toEqual(serviceFigures(history, { ...window, tier: Number(key) }));
    for (const [key, figures] of Object.entries(groupedFigures(history, window, 'agent')))
      expect(figures).toEqual(serviceFigures(history, { ...window, agentId: key }));
    const teams = groupedFigures(history, window, 'team', teamOf);
    expect(Object.keys(teams).sort()).toEqual(['north', 'south']);
    const north = new Set(['a', 'b']);
    const perTeam = serviceFigures(history, { ...window, agentIds: north });
    expect({ ...teams.north, missedOffers: 0 }).toEqual({ ...perTeam, missedOffers: 0 });
    // A team's missed offers are its own agents' misses.
    const missedByNorth = ['a', 'b'].reduce(
      (n, agentId) => n + serviceFigures(history, { ...window, agentId }).missedOffers,
      0,
    );
    expect(teams.north?.missedOffers).toBe(missedByNorth);
  });
});
