import { describe, expect, test } from 'vitest';
import { WaitEstimator } from './eta.js';

const minutes = (m: number) => m * 60_000;

function withHandles(...handles: number[]): WaitEstimator {
  const eta = new WaitEstimator();
  for (const h of handles) eta.record(h);
  eta.recordAnswerDelay(0);
  return eta;
}

describe('wait estimate', () => {
  test('with no agent who can serve the user there is no estimate', () => {
    expect(new WaitEstimator().estimate(0, { busyElapsedMs: [], free: 0 })).toBeNull();
  });

  test('users who have a free agent waiting for them wait only for the accept', () => {
    const eta = new WaitEstimator();
    eta.recordAnswerDelay(3_000);
    expect(eta.estimate(1, { busyElapsedMs: [10_000], free: 2 })?.etaMs).toBe(3_000);
  });

  test('one floor, one set of drawn futures: users behind a floor of free agents are estimated from the same draw', () => {
    // Every agent free, more users than agents: their calls are taken to start now. A sweep asks
    // this of thousands of users in a row; drawing again for each made one sweep take seconds.
    const eta = withHandles(...Array.from({ length: 50 }, (_, i) => minutes(2) + i * 7_200)); // 2 to 8 min
    const floor = { busyElapsedMs: [], free: 3 };
    const first = eta.estimate(5, floor);
    const again = eta.estimate(5, floor);
    expect(first?.etaMs).toBeGreaterThan(minutes(2));
    expect(again).toEqual(first);
    // A new floor (the agents changed) is drawn anew.
    expect(eta.estimate(5, { busyElapsedMs: [], free: 3 })?.etaMs).not.toBe(first?.etaMs);
  });

  test('the time left in calls already in progress counts: a call near its usual end frees up sooner', () => {
    const eta = withHandles(...Array.from({ length: 50 }, (_, i) => minutes(4) + i * 2_400)); // 4 to 6 min
    const justStarted = eta.estimate(0, { busyElapsedMs: [0], free: 0 });
    const nearlyDone = eta.estimate(0, { busyElapsedMs: [minutes(5)], free: 0 });
    expect(justStarted?.etaMs).toBeGreaterThan(minutes(4.5));
    expect(nearlyDone?.etaMs).toBeLessThan(minutes(1));
  });

  test('more agents serving, shorter waits; further back in line, longer; the bound is above the estimate', () => {
    const eta = withHandles(minutes(2), minutes(3), minutes(4), minutes(5), minutes(6));
    const two = { busyElapsedMs: [minutes(1), minutes(2)], free: 0 };
    const six = { busyElapsedMs: [0, minutes(1), minutes(2), minutes(1), minutes(2), 0], free: 0 };
    const third = eta.estimate(2, two);
    expect(eta.estimate(2, six)?.etaMs).toBeLessThan(third?.etaMs ?? 0);
    expect(eta.estimate(8, two)?.etaMs).toBeGreaterThan(third?.etaMs ?? 0);
    expect(third?.upToMs).toBeGreaterThan(third?.etaMs ?? 0);
    // Far beyond the drawn futures the estimate keeps growing at the floor's pace.
    const far = eta.estimate(5_000, two)?.etaMs ?? 0;
    expect(far).toBeGreaterThan((5_000 * minutes(4)) / 2 - minutes(10));
    expect(far).toBeLessThan((5_000 * minutes(4)) / 2 + minutes(10));
  });

  test('it learns what it cannot see: waits steadily shorter than the model (users ahead giving up) pull it down', () => {
    const eta = withHandles(minutes(3), minutes(5));
    const floor = { busyElapsedMs: [0, 0, 0], free: 0 };
    const before = eta.estimate(5, floor);
    for (let i = 0; i < 100; i++) eta.learn(before as NonNullable<typeof before>, (before?.modelMs ?? 0) * 0.6);
    const after = eta.estimate(5, floor);
    expect(after?.etaMs).toBeCloseTo((before?.etaMs ?? 0) * 0.6, -3);
    expect(after?.upToMs).toBeLessThan(before?.upToMs ?? 0);
  });

  test("what it learns is kept apart for each class of user: German speakers waiting twice the model do not lengthen English speakers' waits", () => {
    const eta = withHandles(minutes(4), minutes(5), minutes(6));
    const floor = { busyElapsedMs: [minutes(1), minutes(2), minutes(3)], free: 0 };
    const de = eta.estimate(5, floor, 'de|') as NonNullable<ReturnType<typeof eta.estimate>>;
    const en = eta.estimate(5, floor, 'en|') as NonNullable<ReturnType<typeof eta.estimate>>;
    for (let i = 0; i < 100; i++) {
      eta.learn(de, de.modelMs * 2);
      eta.learn(en, en.modelMs);
    }
    expect(eta.estimate(5, floor, 'de|')?.etaMs).toBeCloseTo(de.etaMs * 2, -3);
    expect(eta.estimate(5, floor, 'en|')?.etaMs).toBeCloseTo(en.etaMs, -3);
  });

  test('futures drawn a slice at a time, the event loop turning between slices, are the futures drawn at once', async () => {
    const handles = Array.from({ length: 80 }, (_, i) => minutes(2) + i * 4_500);
    const floor = { busyElapsedMs: Array.from({ length: 40 }, (_, i) => i * 9_000), free: 0 };
    const atOnce = withHandles(...handles);
    const inSlices = withHandles(...handles);
    let turns = 0;
    const count = () => {
      turns++;
      if (!drawn) setImmediate(count);
    };
    let drawn = false;
    setImmediate(count);
    await inSlices.drawInSlices(floor, 7);
    drawn = true;
    // 200 futures, 7 a turn: the loop turned between slices (one go would let it turn once).
    expect(turns).toBeGreaterThan(20);
    for (const ahead of [0, 10, 60, 119, 500])
      expect(inSlices.estimate(ahead, floor)).toEqual(atOnce.estimate(ahead, floor));
  });

  test('the bound picked out of the futures without sorting them is the 90th percentile of them sorted', () => {
    const handles = Array.from({ length: 60 }, (_, i) => minutes(1) + ((i * 7_919) % 300_000));
    const floor = { busyElapsedMs: [0, minutes(1), minutes(3), minutes(4)], free: 0 };
    const kept = new WaitEstimator({ keepDrawn: true });
    const plain = new WaitEstimator();
    for (const eta of [kept, plain]) for (const h of handles) eta.record(h);
    for (const ahead of [0, 3, 9]) {
      const withDrawn = kept.estimate(ahead, floor);
      const drawn = withDrawn?.drawnMs as readonly number[];
      expect([...drawn].sort((a, b) => a - b)).toEqual(drawn);
      expect(plain.estimate(ahead, floor)?.modelBoundMs).toBe(drawn[Math.floor(0.9 * (drawn.length - 1))]);
      expect(plain.estimate(ahead, floor)?.modelMs).toBeCloseTo(withDrawn?.modelMs as number, 6);
    }
  });
});
