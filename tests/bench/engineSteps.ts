import type { AgentId, SessionId } from '@lifeline/shared';
import { initialState, step } from '@lifeline/signaling-server/matching/engine';
import type { EngineState } from '@lifeline/signaling-server/matching/types';

/**
 * Engine steps per second with `waiting` users queued and `agents` agents all in calls, and the
 * 99th and 99.9th percentiles of one step's time (a step that copies much shows in the tail).
 */
export function engineSteps(waiting: number, agents: number): { perSecond: number; p99Ms: number; p999Ms: number } {
  let state: EngineState = initialState();
  const agentIds = Array.from({ length: agents }, (_, i) => `a${i}` as AgentId);
  for (const agentId of agentIds) {
    state = step(state, { type: 'agent.online', agentId }, 0).state;
    state = step(state, { type: 'agent.available', agentId }, 0).state;
  }
  let n = 0;
  const enqueue = () => {
    const sessionId = `u${n++}` as SessionId;
    state = step(state, { type: 'user.enqueued', sessionId }, n).state;
    return sessionId;
  };
  for (const agentId of agentIds)
    state = step(state, { type: 'offer.accepted', sessionId: enqueue(), agentId }, n).state;
  for (let i = 0; i < waiting; i++) enqueue();

  // The hot path: a call ends, the agent is offered the head of the queue and accepts, and a
  // newcomer joins.
  const stepMs: number[] = [];
  const timed = (work: () => void) => {
    const began = performance.now();
    work();
    stepMs.push(performance.now() - began);
  };
  const started = performance.now();
  for (let i = 0; performance.now() - started < 1_000; i++) {
    const agentId = agentIds[i % agents] as AgentId;
    const sessionId = state.agents.get(agentId)?.sessionId as SessionId;
    timed(() => {
      state = step(state, { type: 'call.ended', sessionId, reason: 'agent_ended' }, n).state;
    });
    const offered = state.agents.get(agentId)?.sessionId as SessionId;
    timed(() => {
      state = step(state, { type: 'offer.accepted', sessionId: offered, agentId }, n).state;
    });
    timed(enqueue);
  }
  const perSecond = Math.round(stepMs.length / ((performance.now() - started) / 1000));
  const sorted = stepMs.sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] as number;
  return { perSecond, p99Ms: at(0.99), p999Ms: at(0.999) };
}

/**
 * A takeover's rebuild of a queue of `waiting` users: one `queue.restored` step, against the
 * baseline of one step per user (how restore worked before, quadratic in the queue's length).
 */
export function restoreTimes(waiting: number): { oneStepMs: number; stepPerUserMs: number } {
  const users = Array.from({ length: waiting }, (_, i) => ({ sessionId: `r${i}` as SessionId, enqueuedAt: i }));
  let started = performance.now();
  step(initialState(), { type: 'queue.restored', users }, waiting);
  const oneStepMs = performance.now() - started;
  let state = initialState();
  started = performance.now();
  for (const { sessionId } of users) state = step(state, { type: 'user.enqueued', sessionId }, waiting).state;
  return { oneStepMs, stepPerUserMs: performance.now() - started };
}
