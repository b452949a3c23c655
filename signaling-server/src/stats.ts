import type { StatsReply } from '@lifeline/shared';
import type { EngineState } from './matching/types.js';
import type { SessionRecord, TimelineKind } from './store/types.js';

type Percentiles = StatsReply['timeToAnswerMs'];

/** Nearest-rank percentiles and the mean of a sample; nulls when the sample is empty. */
export function percentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) return { mean: null, p50: null, p90: null, p99: null };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return { mean: Math.round(mean), p50: rank(50), p90: rank(90), p99: rank(99) };
}

const firstAt = (session: SessionRecord, kind: TimelineKind) => session.events.find((e) => e.kind === kind)?.at;

/** The service figures, computed from each session's timestamped events. */
export function computeStats(sessions: Iterable<SessionRecord>, engine: EngineState): StatsReply {
  const answerTimes: number[] = [];
  const mediaTimes: number[] = [];
  let abandoned = 0;
  for (const session of sessions) {
    const accepted = firstAt(session, 'accepted');
    if (accepted !== undefined) answerTimes.push(accepted - session.requestedAt);
    const media = firstAt(session, 'media_connected');
    if (media !== undefined) mediaTimes.push(media - session.requestedAt);
    if (firstAt(session, 'abandoned') !== undefined) abandoned++;
  }
  const agents = Object.values(engine.agents);
  return {
    answered: answerTimes.length,
    abandoned,
    waiting: engine.queue.length,
    inCall: Object.keys(engine.calls).length,
    agentsAvailable: agents.filter((a) => a.presence === 'available').length,
    timeToAnswerMs: percentiles(answerTimes),
    timeToMediaMs: percentiles(mediaTimes),
  };
}
