import type { SessionId } from '@lifeline/shared';
import { Competitors } from '../analytics/competitors.js';
import { type WaitEstimate, WaitEstimator } from '../analytics/eta.js';
import { servingFloor } from '../analytics/servingFloor.js';
import { estimateInLine } from '../analytics/skillFallback.js';
import type { Effect } from '../matching/types.js';
import { percentiles } from '../stats.js';
import { bestFigure } from './bestFigure.js';
import { perfectKnowledgeWaits } from './perfectKnowledge.js';
import { Random } from './random.js';
import { SimWorld, type WorldConfig } from './world.js';

export interface SimulationConfig extends WorldConfig {
  /** Work out each user's wait estimate as the hub would (the costly part of a long run). */
  estimates?: boolean;
  /**
   * Futures drawn for each user with perfect knowledge of the simulator (`perfectKnowledgeWaits`):
   * how close any estimate could come. 0 (the default) draws none.
   */
  perfectKnowledgeFutures?: number;
  hours: number;
  serviceLevelTargetS: number;
}

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
  /**
   * With `perfectKnowledgeFutures`: the error over waits of 30 s or more of an estimator that knew
   * the simulator's own distributions and all the server could see, telling the mean of its futures
   * (`mean`) or the figure best for this measure (`best`, the least error any estimate could have).
   */
  perfectKnowledge30?: { mean: number; best: number };
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
  const etas = new WaitEstimator({ keepDrawn: true });
  const seeds = new Random(config.seed ^ 0x5bd1e995);
  const requestedAt = new Map<SessionId, number>();
  const predicted = new Map<SessionId, WaitEstimate>();
  const knowing = new Map<SessionId, number[]>();
  const answeredAt = new Map<SessionId, number>();
  const offeredAt = new Map<SessionId, number>();
  const waits: number[] = [];
  const etaErrors: Array<{ told: WaitEstimate; actual: number; perfect?: number[] }> = [];
  let abandoned = 0;
  let talkMs = 0;
  let joined: SessionId | undefined;

  const observe = (effect: Effect, world: SimWorld) => {
    const { now, state } = world;
    if (effect.type === 'endCall') {
      const start = answeredAt.get(effect.sessionId);
      if (start !== undefined) {
        etas.record(now - start);
        talkMs += now - start;
      }
    }
    if (effect.type !== 'recordEvent') return;
    if (effect.kind === 'queued') {
      joined = effect.sessionId;
      requestedAt.set(effect.sessionId, now);
      const index = state.queue.findIndex((w) => w.sessionId === effect.sessionId);
      const traits = state.queue.get(index)?.traits ?? {};
      if (config.estimates !== false && index >= 0) {
        // The first estimate the user is told, at the place they joined, as the hub works it out.
        const told = estimateInLine(etas, index, traits, {
          floorFor: (of) => servingFloor(state, of, now, (id) => answeredAt.get(id)),
          classAhead: (ahead, of) => new Competitors(state.queue).ahead(ahead, of),
          state: () => state,
          now: () => now,
        });
        if (told) predicted.set(effect.sessionId, told);
      }
    }
    if (effect.kind === 'offered') offeredAt.set(effect.sessionId, now);
    if (effect.kind === 'accepted' && !answeredAt.has(effect.sessionId)) {
      answeredAt.set(effect.sessionId, now);
      etas.recordAnswerDelay(now - (offeredAt.get(effect.sessionId) ?? now));
      const wait = now - (requestedAt.get(effect.sessionId) ?? now);
      waits.push(wait);
      const told = predicted.get(effect.sessionId);
      if (told) {
        const perfect = knowing.get(effect.sessionId);
        etaErrors.push({ told, actual: wait, ...(perfect ? { perfect } : {}) });
        etas.learn(told, wait);
      }
      knowing.delete(effect.sessionId);
    }
    if (effect.kind === 'abandoned') {
      abandoned++;
      knowing.delete(effect.sessionId);
    }
  };

  const world = new SimWorld(config, observe);
  world.arrivalsUntil = config.hours * 3_600_000;
  world.open();
  while (world.advance()) {
    // Once the arrival's step is done (its offer out, its timers set): what perfect knowledge says.
    if (joined && config.perfectKnowledgeFutures && !answeredAt.has(joined))
      knowing.set(joined, perfectKnowledgeWaits(world, joined, config.perfectKnowledgeFutures, seeds));
    joined = undefined;
  }

  const target = config.serviceLevelTargetS * 1000;
  const closed = waits.length + abandoned;
  const ape = (errors: typeof etaErrors) => errors.map((e) => Math.abs(e.told.etaMs - e.actual) / e.actual);
  const longWaits = etaErrors.filter((e) => e.actual >= 10_000);
  const over30 = etaErrors.filter((e) => e.actual >= 30_000);
  /** Error over waits of 30 s or more of the figure `pick` chooses from each user's perfect-knowledge waits. */
  const knowingError = (pick: (waits: number[]) => number | undefined) =>
    mean(
      over30.flatMap(({ perfect, actual }) => {
        const figure = perfect?.length ? pick(perfect) : undefined;
        return figure === undefined ? [] : [Math.abs(figure - actual) / actual];
      }),
    );
  return {
    arrivals: world.arrivals,
    answered: waits.length,
    abandoned,
    serviceLevel: closed ? waits.filter((w) => w <= target).length / closed : 0,
    abandonmentRate: closed ? abandoned / closed : 0,
    timeToAnswerMs: percentiles(waits),
    etaMeanAbsoluteErrorMs: mean(etaErrors.map((e) => Math.abs(e.told.etaMs - e.actual))),
    etaMeanAbsolutePercentError: mean(ape(longWaits)),
    etaMeanAbsolutePercentError30: mean(ape(over30)),
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
    ...(config.perfectKnowledgeFutures
      ? {
          perfectKnowledge30: {
            mean: knowingError(mean),
            best: knowingError((drawn) => bestFigure(drawn.filter((y) => y >= 30_000))?.figure),
          },
        }
      : {}),
    boundHeld: etaErrors.length ? etaErrors.filter((e) => e.actual <= e.told.upToMs).length / etaErrors.length : 0,
    boundOverEstimate: mean(etaErrors.map((e) => e.told.upToMs / Math.max(1, e.told.etaMs))),
    occupancy: talkMs / (config.agents * Math.max(world.now, 1)),
    engineSteps: world.engineSteps,
  };
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}
