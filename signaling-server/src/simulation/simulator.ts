import type { AgentId, SessionId } from '@lifeline/shared';
import { Competitors, userClassOf } from '../analytics/competitors.js';
import { type WaitEstimate, WaitEstimator } from '../analytics/eta.js';
import { servingFloor } from '../analytics/servingFloor.js';
import { initialState, step } from '../matching/engine.js';
import type { AgentSkills, EngineEvent, EngineState, RequestTraits } from '../matching/types.js';
import { percentiles } from '../stats.js';
import { bestFigure } from './bestFigure.js';
import { EventQueue } from './eventQueue.js';
import { Random } from './random.js';

export interface SimulationConfig {
  agents: number;
  arrivalsPerHour: number;
  meanHandleS: number;
  /** Shape of the log-normal handle time; 0 for exponential handle times (Erlang C's own). */
  handleSigma: number;
  /**
   * Two languages: 70 % of users ask in English, 30 % in German; 60 % of agents speak English,
   * 25 % German, 15 % both. Without it everyone can serve everyone.
   */
  skillGroups?: boolean;
  /** Work out each user's wait estimate as the hub would (the costly part of a long run). */
  estimates?: boolean;
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
  /** Mean absolute percentage error, over answered users who waited at least 10 s. */
  etaMeanAbsolutePercentError: number;
  /** The same over answered users who waited at least 30 s. */
  etaMeanAbsolutePercentError30: number;
  /**
   * The same, were the model exact: its estimate against the waits it drew for each user (of
   * 30 s or more). No single figure can do much better than this spread.
   */
  etaSpreadPercentError30: number;
  /**
   * A floor: the least error any single figure could have had, the waits falling as drawn, even
   * one told that the user would wait 30 s or more (`bestFigure` of their drawn waits past 30 s).
   */
  etaBestPossible30: number;
  /** Share of answered users whose wait was within the bound they were first told. */
  boundHeld: number;
  /** Mean of the bound over the estimate (how wide the stated range is). */
  boundOverEstimate: number;
  /** Occupancy: the share of agent time spent in calls. */
  occupancy: number;
  engineSteps: number;
}

/** Drives the real matching engine through simulated time, as the hub would in production. */
export function simulate(config: SimulationConfig): SimulationResult {
  const rng = new Random(config.seed);
  const queue = new EventQueue<SimEvent>();
  const etas = new WaitEstimator({ keepDrawn: true });
  const timerTokens = new Map<string, number>();
  const end = config.hours * 3_600_000;
  let state: EngineState = initialState({});
  let now = 0;
  let steps = 0;
  let nextId = 0;
  const requestedAt = new Map<SessionId, number>();
  const traitsOf = new Map<SessionId, RequestTraits>();
  const predicted = new Map<SessionId, WaitEstimate>();
  const answeredAt = new Map<SessionId, number>();
  const offeredAt = new Map<SessionId, number>();
  const waits: number[] = [];
  const etaErrors: Array<{ told: WaitEstimate; actual: number }> = [];
  let abandoned = 0;
  let talkMs = 0;

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
          queue.push(now + handleTime(), {
            kind: 'hangup',
            sessionId: effect.sessionId,
          });
          break;
        case 'endCall': {
          const start = answeredAt.get(effect.sessionId);
          if (start !== undefined) etas.record(now - start);
          if (start !== undefined) talkMs += now - start;
          break;
        }
        case 'agentPresence':
          if (effect.presence === 'away') {
            const back: EngineEvent = { type: 'agent.available', agentId: effect.agentId };
            queue.push(now + config.awayReturnS * 1000, { kind: 'engine', event: back });
          }
          break;
        case 'recordEvent':
          if (effect.kind === 'queued' && config.estimates !== false) {
            // The first estimate the user is told, at the place they joined, as the hub works it out.
            const index = state.queue.findIndex((w) => w.sessionId === effect.sessionId);
            const traits = traitsOf.get(effect.sessionId) ?? {};
            const floor = servingFloor(state, traits, now, (id) => answeredAt.get(id));
            const ahead = floor.bySkill ? new Competitors(state.queue).ahead(index, traits) : index;
            const told = index >= 0 ? etas.estimate(ahead, floor, userClassOf(traits)) : null;
            if (told) predicted.set(effect.sessionId, told);
          }
          if (effect.kind === 'offered') offeredAt.set(effect.sessionId, now);
          if (effect.kind === 'accepted' && !answeredAt.has(effect.sessionId)) {
            answeredAt.set(effect.sessionId, now);
            etas.recordAnswerDelay(now - (offeredAt.get(effect.sessionId) ?? now));
            const wait = now - (requestedAt.get(effect.sessionId) ?? now);
            waits.push(wait);
            const told = predicted.get(effect.sessionId);
            if (told) {
              etaErrors.push({ told, actual: wait });
              etas.learn(told, wait);
            }
          }
          if (effect.kind === 'abandoned') abandoned++;
          break;
      }
    }
  };

  const handleTime = () =>
    config.handleSigma > 0
      ? rng.logNormal(config.meanHandleS * 1000, config.handleSigma)
      : rng.exponential(config.meanHandleS * 1000);
  for (let i = 0; i < config.agents; i++) {
    const agentId = `agent-${i}` as AgentId;
    dispatch({
      type: 'agent.online',
      agentId,
      ...(config.skillGroups ? { skills: agentSkills(i / config.agents) } : {}),
    });
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
      const traits: RequestTraits = config.skillGroups ? { language: rng.next() < 0.7 ? 'en' : 'de' } : {};
      traitsOf.set(sessionId, traits);
      dispatch({ type: 'user.enqueued', sessionId, traits });
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
  const ape = (errors: typeof etaErrors) => errors.map((e) => Math.abs(e.told.etaMs - e.actual) / e.actual);
  const longWaits = etaErrors.filter((e) => e.actual >= 10_000);
  return {
    arrivals: nextId,
    answered: waits.length,
    abandoned,
    serviceLevel: closed ? waits.filter((w) => w <= target).length / closed : 0,
    abandonmentRate: closed ? abandoned / closed : 0,
    timeToAnswerMs: percentiles(waits),
    etaMeanAbsoluteErrorMs: mean(etaErrors.map((e) => Math.abs(e.told.etaMs - e.actual))),
    etaMeanAbsolutePercentError: mean(ape(longWaits)),
    etaMeanAbsolutePercentError30: mean(ape(etaErrors.filter((e) => e.actual >= 30_000))),
    etaSpreadPercentError30: mean(
      etaErrors.flatMap(({ told }) =>
        (told.drawnMs ?? []).filter((y) => y >= 30_000).map((y) => Math.abs(told.modelMs - y) / y),
      ),
    ),
    etaBestPossible30: mean(
      etaErrors.flatMap(({ told }) => {
        const best = bestFigure((told.drawnMs ?? []).filter((y) => y >= 30_000));
        return best ? [best.error] : [];
      }),
    ),
    boundHeld: etaErrors.length ? etaErrors.filter((e) => e.actual <= e.told.upToMs).length / etaErrors.length : 0,
    boundOverEstimate: mean(etaErrors.map((e) => e.told.upToMs / Math.max(1, e.told.etaMs))),
    occupancy: talkMs / (config.agents * Math.max(now, 1)),
    engineSteps: steps,
  };
}

/** Agents' languages for skill groups, by where the agent falls in the team (0..1). */
function agentSkills(share: number): AgentSkills {
  const languages = share < 0.6 ? ['en'] : share < 0.85 ? ['de'] : ['en', 'de'];
  return { languages, areas: [] };
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}
