import { expect, test } from 'vitest';
import type { SessionRecord } from '../store/types.js';
import { timeToAnswerCharts } from './timeToAnswer.js';

const HOUR = 3_600_000;
const DAY = Date.UTC(2026, 10, 22);
let n = 0;
const LEVEL = { targetMs: 10_000, goal: 0.8 };
/** A session answered after `waitMs`; unanswered (null) it is abandoned after a minute, or still waiting. */
function session(requestedAt: number, waitMs: number | null, abandoned = false): SessionRecord {
  const events: SessionRecord['events'] = [{ kind: 'requested', at: requestedAt }];
  const accepted =
    waitMs === null
      ? abandoned
        ? [{ kind: 'abandoned' as const, at: requestedAt + 60_000 }]
        : []
      : [{ kind: 'accepted' as const, at: requestedAt + waitMs }];
  return {
    id: `s${n++}` as never,
    tenant: 'demo',
    context: {},
    traits: {},
    requestedAt,
    events: [...events, ...accepted],
  };
}

test('waits fall in their hour and their bucket; unanswered and out-of-window sessions are left out', () => {
  const sessions = [
    session(DAY + 9 * HOUR + 60_000, 4_000),
    session(DAY + 9 * HOUR + 120_000, 12_000),
    session(DAY + 9 * HOUR + 180_000, 8_000),
    session(DAY + 11 * HOUR, 300_000),
    session(DAY + 11 * HOUR + 5, null),
    session(DAY + 11 * HOUR + 6, null, true),
    session(DAY - HOUR, 1_000),
  ];
  const charts = timeToAnswerCharts(sessions, DAY, DAY + 12 * HOUR, LEVEL);
  expect(charts.byHour).toHaveLength(12);
  // Two of the three answered within the 10 s target.
  expect(charts.byHour[9]).toEqual({
    hourStart: DAY + 9 * HOUR,
    answered: 3,
    p50: 8_000,
    p90: 12_000,
    serviceLevel: 2 / 3,
  });
  expect(charts.byHour[10]).toEqual({
    hourStart: DAY + 10 * HOUR,
    answered: 0,
    p50: null,
    p90: null,
    serviceLevel: null,
  });
  // One answered late, one abandoned, one still waiting (not counted): none within target.
  expect(charts.byHour[11]).toMatchObject({ answered: 1, serviceLevel: 0 });
  expect(charts.serviceLevel).toEqual(LEVEL);
  expect(charts.distribution).toEqual([
    { upToMs: 5_000, count: 1 },
    { upToMs: 10_000, count: 1 },
    { upToMs: 20_000, count: 1 },
    { upToMs: 30_000, count: 0 },
    { upToMs: 60_000, count: 0 },
    { upToMs: 120_000, count: 0 },
    { upToMs: null, count: 1 },
  ]);
});

test('a wait exactly on an edge counts in that bucket', () => {
  const charts = timeToAnswerCharts([session(DAY, 5_000), session(DAY, 5_001)], DAY, DAY + HOUR, LEVEL);
  expect(charts.distribution.slice(0, 2).map((b) => b.count)).toEqual([1, 1]);
});
