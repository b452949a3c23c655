import { expect, test } from 'vitest';
import { erlangCMeanWaitMs, erlangCServiceLevel } from '../analytics/erlang.js';
import { perfectKnowledgeWaits } from './perfectKnowledge.js';
import { Random } from './random.js';
import { simulate } from './simulator.js';
import { SimWorld } from './world.js';

const base = {
  agents: 10,
  arrivalsPerHour: 96,
  meanHandleS: 300,
  handleSigma: 0.6,
  missProbability: 0,
  answerDelayS: 0.01,
  meanPatienceS: 1e9,
  awayReturnS: 60,
  hours: 400,
  serviceLevelTargetS: 20,
  seed: 7,
  estimates: false,
};

test('with patient users and attentive agents, the engine performs as Erlang C predicts', () => {
  const r = simulate(base);
  const perMs = base.arrivalsPerHour / 3_600_000;
  const predictedWait = erlangCMeanWaitMs(base.agents, perMs, base.meanHandleS * 1000);
  const predictedLevel = erlangCServiceLevel(base.agents, perMs, base.meanHandleS * 1000, 20_000);
  expect(r.abandoned).toBe(0);
  expect(r.serviceLevel).toBeGreaterThan(predictedLevel - 0.05);
  expect(r.serviceLevel).toBeLessThan(predictedLevel + 0.05);
  expect(r.timeToAnswerMs.mean).toBeGreaterThan(predictedWait * 0.7);
  expect(r.timeToAnswerMs.mean).toBeLessThan(predictedWait * 1.3);
});

test('missed offers cost service level; impatient users abandon', () => {
  const good = simulate({ ...base, hours: 50 });
  const missing = simulate({ ...base, hours: 50, missProbability: 0.3 });
  expect(missing.serviceLevel).toBeLessThan(good.serviceLevel);
  const impatient = simulate({ ...base, hours: 50, meanPatienceS: 60 });
  expect(impatient.abandonmentRate).toBeGreaterThan(0.02);
});

test('the same seed gives the same day', () => {
  expect(simulate({ ...base, hours: 5 })).toEqual(simulate({ ...base, hours: 5 }));
});

test('with exponential handle times and patient users, the engine matches Erlang C: service level within 2 points, mean wait within 10 %', () => {
  const exponential = { ...base, handleSigma: 0, hours: 2_000, arrivalsPerHour: 108 }; // 9 Erlangs on 10 agents
  const r = simulate(exponential);
  const perMs = exponential.arrivalsPerHour / 3_600_000;
  const handleMs = exponential.meanHandleS * 1000;
  expect(r.abandoned).toBe(0);
  expect(Math.abs(r.serviceLevel - erlangCServiceLevel(10, perMs, handleMs, 20_000))).toBeLessThan(0.02);
  const predictedWait = erlangCMeanWaitMs(10, perMs, handleMs);
  expect(Math.abs((r.timeToAnswerMs.mean ?? 0) - predictedWait) / predictedWait).toBeLessThan(0.1);
}, 120_000);

/** A team of 12 as `pnpm simulate` runs it: 3 % of offers missed, 2 s to accept, 10 minutes' patience. */
const team = { ...base, agents: 12, missProbability: 0.03, answerDelayS: 2, meanPatienceS: 600, estimates: true };

test('the bound users are told holds for 85 % to 95 % of them, and the estimate is about as close as chance allows, at occupancies of about 70, 85 and 95 %', () => {
  // Offered loads of 75, 92 and 110 %: missed offers, accepting and giving up leave agents idle.
  for (const load of [0.75, 0.92, 1.1]) {
    const r = simulate({ ...team, hours: 40, arrivalsPerHour: (load * 12 * 3_600) / 300 });
    expect(r.boundHeld).toBeGreaterThanOrEqual(0.85);
    expect(r.boundHeld).toBeLessThanOrEqual(0.95);
    // The figure told is off by little more than chance alone leaves (the model's own spread).
    expect(r.etaSpreadPercentError30).toBeGreaterThan(0.1);
    expect(r.etaMeanAbsolutePercentError30 - r.etaSpreadPercentError30).toBeLessThan(0.05);
    // With 12 agents and calls this varied, no single figure is within 25 % on average.
    expect(r.etaBestPossible30).toBeLessThan(r.etaSpreadPercentError30);
    expect(r.etaBestPossible30).toBeGreaterThan(0.25);
  }
}, 120_000);

test('the estimate is as close as one that knew everything the simulator draws from, and even that one is not within 25 %', () => {
  const r = simulate({ ...team, hours: 15, arrivalsPerHour: (0.92 * 12 * 3_600) / 300, perfectKnowledgeFutures: 30 });
  const knowing = r.perfectKnowledge30;
  if (!knowing) throw new Error('no perfect-knowledge figures');
  // Telling the mean of its futures, it is off by as much as the engine's estimate.
  expect(Math.abs(r.etaMeanAbsolutePercentError30 - knowing.mean)).toBeLessThan(0.04);
  // The figure best for this very measure does better, yet no estimate reaches 25 % with 12 agents.
  expect(knowing.best).toBeLessThan(knowing.mean);
  expect(knowing.best).toBeGreaterThan(0.25);
}, 120_000);

test('a fork knows only what the server could: the same present gives different futures, and a fork leaves its world as it was', () => {
  const world = new SimWorld({ ...team, arrivalsPerHour: 150 });
  world.arrivalsUntil = 3_600_000;
  world.open();
  while (world.now < 1_800_000 && world.advance());
  const waiting = [...world.state.queue].find((user) => !user.offeredTo);
  if (!waiting) throw new Error('nobody waiting half an hour in at this load');
  const before = { now: world.now, state: world.state, calls: [...world.inCallSince] };
  const waits = perfectKnowledgeWaits(world, waiting.sessionId, 20, new Random(1));
  expect(waits.length).toBe(20);
  expect(new Set(waits.map(Math.round)).size).toBeGreaterThan(10);
  expect(Math.min(...waits)).toBeGreaterThan(0);
  expect({ now: world.now, state: world.state, calls: [...world.inCallSince] }).toEqual(before);
});
