import {
  allenCunneenMeanWaitMs,
  allenCunneenServiceLevel,
  erlangCMeanWaitMs,
  erlangCServiceLevel,
} from '../analytics/erlang.js';
import { type SimulationConfig, simulate } from './simulator.js';

/**
 * `pnpm simulate`: simulated days through the real engine at three loads (and with skill groups),
 * beside what queueing theory predicts, and how far the wait estimates users are told can be
 * trusted.
 */
const agents = Number(process.env.SIM_AGENTS ?? 12);
const meanHandleS = Number(process.env.SIM_MEAN_HANDLE_S ?? 300);
/** Futures drawn for each user by the estimator that knows everything (0: none, a run of seconds). */
const perfectKnowledgeFutures = Number(process.env.SIM_KNOWING_FUTURES ?? 40);
const base: Omit<SimulationConfig, 'arrivalsPerHour'> = {
  agents,
  meanHandleS,
  handleSigma: 0.6,
  missProbability: Number(process.env.SIM_MISS_PROBABILITY ?? 0.03),
  answerDelayS: 2,
  meanPatienceS: Number(process.env.SIM_MEAN_PATIENCE_S ?? 600),
  awayReturnS: 60,
  hours: Number(process.env.SIM_HOURS ?? 40),
  serviceLevelTargetS: 20,
  seed: Number(process.env.SIM_SEED ?? 42),
  perfectKnowledgeFutures,
};
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
/** Erlang C and M/G/c have no steady state once more calls come than agents can take: `no limit`. */
const secs = (ms: number | null) =>
  ms === null ? '-' : Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'no limit';
/** Log-normal handle times: squared coefficient of variation e^σ² - 1. */
const cv2 = Math.exp(base.handleSigma ** 2) - 1;

console.log(
  `Simulated ${base.hours} h per run: ${agents} agents, mean handle ${meanHandleS} s (log-normal, CV² ${cv2.toFixed(2)}), ` +
    `${pct(base.missProbability)} offers missed, answer in ~${base.answerDelayS} s, mean patience ${base.meanPatienceS} s.`,
);
console.log(
  'Erlang C assumes exponential handle times and nobody giving up; Allen–Cunneen (M/G/c) corrects for the handle times, not for abandonment.',
);
console.log(
  'Above 100 % offered load neither has a steady state (their queue grows without limit); users giving up keep the real one finite.\n',
);
console.log(
  'offered load               occupancy  service level (20 s): sim / Erlang C / M/G/c   mean wait: sim / Erlang C / M/G/c   ETA error (waits >= 30 s)   bound held   bound / estimate',
);
// Offered loads that keep agents in calls about 70, 85 and 95 % of the time: missed offers (the
// agent away a minute), the time to accept and users giving up leave agents idle beyond Erlang's.
for (const [label, offered, skillGroups] of [
  ['75 %', 0.75, false],
  ['92 %', 0.92, false],
  ['110 %', 1.1, false],
  ['92 %, two languages', 0.92, true],
] as const) {
  const arrivalsPerHour = (offered * agents * 3_600) / meanHandleS;
  const config: SimulationConfig = { ...base, arrivalsPerHour, skillGroups };
  const started = performance.now();
  const r = simulate(config);
  const perMs = arrivalsPerHour / 3_600_000;
  const handleMs = meanHandleS * 1000;
  const target = base.serviceLevelTargetS * 1000;
  console.log(
    `${label.padEnd(26)} ${pct(r.occupancy).padStart(9)}  ${pct(r.serviceLevel).padStart(22)} / ${pct(erlangCServiceLevel(agents, perMs, handleMs, target)).padStart(6)} / ${pct(allenCunneenServiceLevel(agents, perMs, handleMs, cv2, target)).padStart(6)}` +
      `   ${secs(r.timeToAnswerMs.mean).padStart(13)} / ${secs(erlangCMeanWaitMs(agents, perMs, handleMs)).padStart(7)} / ${secs(allenCunneenMeanWaitMs(agents, perMs, handleMs, cv2)).padStart(7)}` +
      `   MAPE ${pct(r.etaMeanAbsolutePercentError30).padStart(6)} (>= 10 s: ${pct(r.etaMeanAbsolutePercentError)}; model exact: ${pct(r.etaSpreadPercentError30)}, best possible: ${pct(r.etaBestPossible30)}${r.perfectKnowledge30 ? `; knowing everything: ${pct(r.perfectKnowledge30.mean)}, at best ${pct(r.perfectKnowledge30.best)}` : ''})   ${pct(r.boundHeld).padStart(9)}   ${r.boundOverEstimate.toFixed(2).padStart(8)}x` +
      `   (${r.arrivals} users, ${pct(r.abandonmentRate)} gave up, ${Math.round(performance.now() - started)} ms)`,
  );
}
console.log(
  '\nmodel exact: the same error were every wait to fall as the model drew it (its estimate against its own 200 futures,',
);
console.log(
  'waits >= 30 s): what chance alone leaves, with this many agents and calls this varied. best possible: the',
);
console.log(
  'least error any single figure could have against those drawn waits, even knowing the wait would pass 30 s: a floor.',
);
if (perfectKnowledgeFutures)
  console.log(
    `knowing everything: an estimator that knew the simulator's own distributions and all the server can see (each call's length so far, each offer, each away agent's return), telling the mean of ${perfectKnowledgeFutures} futures drawn from them; at best: the figure of those futures best for this measure (SIM_KNOWING_FUTURES=0 to skip).`,
  );
console.log(
  '\nbound held: the share of answered users whose wait was within the "usually under" they were first told (target 85-95 %).',
);
