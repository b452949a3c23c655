import { expect, test } from 'vitest';
import { erlangCMeanWaitMs, erlangCServiceLevel } from '../analytics/erlang.js';
import { simulate } from './simulator.js';

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
