import type { AgentId, SessionId } from '@lifeline/shared';
import { EtaEstimator } from '../analytics/eta.js';
import { initialState, step } from '../matching/engine.js';
import type { EngineEvent, EngineState } from '../matching/types.js';
import { percentiles } from '../stats.js';
import { EventQueue } from './eventQueue.js';
import { Random } from './random.js';

export interface SimulationConfig {
  agents: number;
  arrivalsPerHour: number;
  meanHandleS: number;
  /** Shape of the log-normal handle time. */
  handleSigma: number;
  /** Chance an agent lets an offer ring out. */
  missProbability: number;
  /** Mean seconds an agent takes to press Accept. */
  answerDelayS: number;
  /** Mean seconds a user waits before giving up (exponential). */
  meanPatienceS: number;
  /** Seconds an agent set away for missed offers takes to come back. */
  awayReturnS: number;
  hours: number;
  serviceLevelTargetS: number;
  seed: number;
}

type SimEvent =
  | { kind: 'engine'; event: EngineEvent; timerKey?: string; token?: number }
  | { kind: 'arrival' }
  | { kind: 'hangup'; sessionId: SessionId };

export interface SimulationResult {
  arrivals: number;
  answered: number;
  abandoned: number;
  serviceLevel: number;
  abandonmentRate: number;
  timeToAnswerMs: ReturnType<typeof percentiles>;
  /** Mean absolute error of the first ETA a user was told, against the wait they had. */
  etaMeanAbsoluteErrorMs: number;
  /** Mean absolute percentage error, over users who waited at least 10 s. */
  etaMeanAbsolutePercentError: number;
  engineSteps: number;
}

/** Drives the real matching engine through simulated time, as the hub would in production. */
export function simulate(config: SimulationConfig): SimulationResult {
  const rng = new Random(config.seed);
  const queue = new EventQueue<SimEvent>();
  const etas = new EtaEstimator();
  const timerTokens = new Map<string, number>();
  const end = config.hours * 3_600_000;
  let state: EngineState = initialState({});
  let now = 0;
  let steps = 0;
  let nextId = 0;
  const requestedAt = new Map<SessionId, number>();
  const predicted = new Map<SessionId, number>();
  const answeredAt = new Map<SessionId, number>();
  const waits: number[] = [];
  const etaErrors: Array<{ predicted: number; actual: number }> = [];
  let abandoned = 0;

  const eta = (position: number) => {
    const agents = [...state.agents.values()];
    const serving = agents.filter((a) => a.presence !== 'away').length;
    const idle = agents.filter((a) => a.presence === 'available' || a.presence === 'offered').length;
    return etas.etaMs(position, serving, idle);
  };

  const dispatch = (event: EngineEvent) => {
    const result = step(state, event, now);
    state = result.state;
    steps++;
    for (const effect of result.effects) {
      switch (effect.type) {
        case 'scheduleTimer': {
          const token = (timerTokens.get(effect.key) ?? 0) + 1;
          timerTokens.set(effect.key, token);
          queue.push(effect.at, { kind: 'engine', event: effect.event, timerKey: effect.key, token });
          break;
        }
        case 'cancelTimer':
          timerTokens.set(effect.key, (timerTokens.get(effect.key) ?? 0) + 1);
          break;
        case 'offerToAgent':
          if (rng.next() >= config.missProbability) {
            const accept: EngineEvent = {
              type: 'offer.accepted',
              sessionId: effect.sessionId,
              agentId: effect.agentId,
            };
            queue.push(now + rng.exponential(config.answerDelayS * 1000), { kind: 'engine', event: accept });
          }
          break;
        case 'startCall':
          queue.push(now + rng.logNormal(config.meanHandleS * 1000, config.handleSigma), {
            kind: 'hangup',
            sessionId: effect.sessionId,
          });
          break;
        case 'endCall': {
          const start = answeredAt.get(effect.sessionId);
          if (start !== undefined) etas.record(now - start);
          break;
        }
        case 'agentPresence':
          if (effect.presence === 'away') {
            const back: EngineEvent = { type: 'agent.available', agentId: effect.agentId };
            queue.push(now + config.awayReturnS * 1000, { kind: 'engine', event: back });
          }
          break;
        case 'recordEvent':
          if (effect.kind === 'queued') {
            // The first ETA the user is told, at the place they joined.
            const position = state.queue.findIndex((w) => w.sessionId === effect.sessionId) + 1;
            const told = position > 0 ? eta(position) : null;
            if (told !== null) predicted.set(effect.sessionId, told);
          }
          if (effect.kind === 'accepted' && !answeredAt.has(effect.sessionId)) {
            answeredAt.set(effect.sessionId, now);
            const wait = now - (requestedAt.get(effect.sessionId) ?? now);
            waits.push(wait);
            const told = predicted.get(effect.sessionId);
            if (told !== undefined) etaErrors.push({ predicted: told, actual: wait });
          }
          if (effect.kind === 'abandoned') abandoned++;
          break;
      }
    }
  };

  for (let i = 0; i < config.agents; i++) {
    const agentId = `agent-${i}` as AgentId;
    dispatch({ type: 'agent.online', agentId });
    dispatch({ type: 'agent.available', agentId });
  }
  const meanGapMs = 3_600_000 / config.arrivalsPerHour;
  queue.push(rng.exponential(meanGapMs), { kind: 'arrival' });

  for (let next = queue.pop(); next; next = queue.pop()) {
    now = next.at;
    const item = next.item;
    if (item.kind === 'arrival') {
      if (now >= end) continue;
      const sessionId = `user-${nextId++}` as SessionId;
      requestedAt.set(sessionId, now);
      dispatch({ type: 'user.enqueued', sessionId });
      const giveUp: EngineEvent = { type: 'user.cancelled', sessionId, reason: 'user_cancelled' };
      queue.push(now + rng.exponential(config.meanPatienceS * 1000), { kind: 'engine', event: giveUp });
      queue.push(now + rng.exponential(meanGapMs), { kind: 'arrival' });
    } else if (item.kind === 'hangup') {
      dispatch({ type: 'call.ended', sessionId: item.sessionId, reason: 'user_ended' });
    } else {
      if (item.timerKey && timerTokens.get(item.timerKey) !== item.token) continue; // cancelled
      const e = item.event;
      // Accepts and give-ups for sessions no longer waiting are simply refused by the engine.
      dispatch(e);
    }
  }

  const target = config.serviceLevelTargetS * 1000;
  const closed = waits.length + abandoned;
  const longWaits = etaErrors.filter((e) => e.actual >= 10_000);
  return {
    arrivals: nextId,
    answered: waits.length,
    abandoned,
    serviceLevel: closed ? waits.filter((w) => w <= target).length / closed : 0,
    abandonmentRate: closed ? abandoned / closed : 0,
    timeToAnswerMs: percentiles(waits),
    etaMeanAbsoluteErrorMs: mean(etaErrors.map((e) => Math.abs(e.predicted - e.actual))),
    etaMeanAbsolutePercentError: mean(longWaits.map((e) => Math.abs(e.predicted - e.actual) / e.actual)),
    engineSteps: steps,
  };
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}
