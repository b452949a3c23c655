import { erlangCMeanWaitMs, erlangCServiceLevel } from '../analytics/erlang.js';
import { type SimulationConfig, simulate } from './simulator.js';

/** `pnpm simulate`: a simulated day through the real engine, beside the Erlang C prediction. */
const config: SimulationConfig = {
  agents: Number(process.env.SIM_AGENTS ?? 12),
  arrivalsPerHour: Number(process.env.SIM_ARRIVALS_PER_HOUR ?? 120),
  meanHandleS: Number(process.env.SIM_MEAN_HANDLE_S ?? 300),
  handleSigma: 0.6,
  missProbability: Number(process.env.SIM_MISS_PROBABILITY ?? 0.03),
  answerDelayS: 2,
  meanPatienceS: Number(process.env.SIM_MEAN_PATIENCE_S ?? 600),
  awayReturnS: 60,
  hours: Number(process.env.SIM_HOURS ?? 8),
  serviceLevelTargetS: 20,
  seed: Number(process.env.SIM_SEED ?? 42),
};

const started = performance.now();
const r = simulate(config);
const elapsedMs = performance.now() - started;

const perMs = config.arrivalsPerHour / 3_600_000;
const handleMs = config.meanHandleS * 1000;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const secs = (ms: number | null) => (ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`);

console.log(
  `Simulated ${config.hours} h: ${config.agents} agents, ${config.arrivalsPerHour} requests/h, ` +
    `mean handle ${config.meanHandleS} s (log-normal), ${pct(config.missProbability)} offers missed, ` +
    `mean patience ${config.meanPatienceS} s\n`,
);
console.log('                        simulated      Erlang C');
console.log(
  `service level (${config.serviceLevelTargetS} s)     ${pct(r.serviceLevel).padStart(9)}     ${pct(erlangCServiceLevel(config.agents, perMs, handleMs, config.serviceLevelTargetS * 1000)).padStart(9)}`,
);
console.log(
  `mean time to answer    ${secs(r.timeToAnswerMs.mean).padStart(9)}     ${secs(erlangCMeanWaitMs(config.agents, perMs, handleMs)).padStart(9)}`,
);
console.log(`abandonment            ${pct(r.abandonmentRate).padStart(9)}     ${'(none)'.padStart(9)}`);
console.log(
  `\ntime to answer p50 ${secs(r.timeToAnswerMs.p50)}, p90 ${secs(r.timeToAnswerMs.p90)}, p99 ${secs(r.timeToAnswerMs.p99)}`,
);
console.log(`requests ${r.arrivals}, answered ${r.answered}, abandoned ${r.abandoned}`);
console.log(
  `ETA error: mean absolute ${secs(r.etaMeanAbsoluteErrorMs)}, MAPE ${pct(r.etaMeanAbsolutePercentError)} (waits >= 10 s)`,
);
console.log(
  `engine: ${r.engineSteps} steps in ${elapsedMs.toFixed(0)} ms (${Math.round(r.engineSteps / (elapsedMs / 1000))} steps/s)`,
);
