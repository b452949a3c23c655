import type { AgentId, SessionId } from '@lifeline/shared';
import { expect, test } from 'vitest';
import { PRIOR_HANDLE_MS } from '../analytics/eta.js';
import { initialState, step } from '../matching/engine.js';
import type { EngineEvent, EngineState, RequestTraits } from '../matching/types.js';
import type { LiveSessions } from '../runtime/liveSessions.js';
import { until } from '../testing/until.js';
import { WaitEstimates } from './waitEstimates.js';

/**
 * Sam speaks English, Jonas German; both are in a call. Five German speakers wait, then one
 * English speaker: everyone asked at time 0, the estimates are read `now` later.
 */
function splitTeam(skillFallbackMs: number, now = 0) {
  let state: EngineState = initialState({ skillFallbackMs });
  const traits = new Map<string, RequestTraits>();
  const run = (event: EngineEvent) => {
    state = step(state, event, 0).state;
  };
  const enqueue = (id: string, language: string) => {
    traits.set(id, { language });
    run({ type: 'user.enqueued', sessionId: id as SessionId, traits: { language } });
  };
  for (const [agentId, language] of [
    ['sam', 'en'],
    ['jonas', 'de'],
  ] as const) {
    run({ type: 'agent.online', agentId: agentId as AgentId, skills: { languages: [language], areas: [] } });
    run({ type: 'agent.available', agentId: agentId as AgentId });
  }
  // Both agents take a call: Sam an English speaker, Jonas a German one.
  enqueue('first-en', 'en');
  enqueue('first-de', 'de');
  run({ type: 'offer.accepted', sessionId: 'first-en' as SessionId, agentId: 'sam' as AgentId });
  run({ type: 'offer.accepted', sessionId: 'first-de' as SessionId, agentId: 'jonas' as AgentId });
  // Five German speakers wait, then one English speaker.
  for (let i = 1; i <= 5; i++) enqueue(`de-${i}`, 'de');
  enqueue('en-1', 'en');
  expect(state.queue.map((w) => w.sessionId)).toEqual(['de-1', 'de-2', 'de-3', 'de-4', 'de-5', 'en-1']);

  const sessions = { get: (id: SessionId) => ({ traits: traits.get(id), events: [] }) } as unknown as LiveSessions;
  const estimates = new WaitEstimates(
    () => state,
    sessions,
    () => now,
  );
  const eta = (id: string, position: number) => estimates.forUser(id as SessionId, position)?.etaMs as number;
  return { estimates, eta };
}

test('where agents are split by language, a user waits behind those of their own language while the skill fallback lasts', () => {
  const { estimates, eta } = splitTeam(3_600_000);
  // Sixth in the queue, but first for Sam: about as long as the first German speaker waits for Jonas.
  expect(eta('en-1', 6)).toBeLessThan(eta('de-2', 2));
  expect(eta('en-1', 6) / eta('de-1', 1)).toBeGreaterThan(0.75);
  expect(eta('en-1', 6) / eta('de-1', 1)).toBeLessThan(1.33);
  // Someone asking in English now is second for Sam.
  expect(estimates.forNewRequest({ language: 'en' })?.etaMs).toBeGreaterThan(eta('en-1', 6));
  expect(estimates.forNewRequest({ language: 'en' })?.etaMs).toBeLessThan(eta('de-3', 3));
});

test('once the users ahead may be taken by anyone (the skill fallback), a user waits behind the whole queue', () => {
  // A 30 s fallback and calls of minutes: by the time Sam is free, the German speakers ahead may
  // be offered to him, first in line.
  const { estimates, eta } = splitTeam(30_000);
  const nextForSam = splitTeam(3_600_000).eta('en-1', 6);
  // Sixth in the whole queue: behind the second German speaker, and twice as long as were he next for Sam.
  expect(eta('en-1', 6)).toBeGreaterThan(eta('de-2', 2));
  expect(eta('en-1', 6)).toBeGreaterThan(2 * nextForSam);
  expect(estimates.forNewRequest({ language: 'en' })?.etaMs).toBeGreaterThan(eta('en-1', 6));
  // A minute later the first users are long past their fallback: still the whole queue.
  expect(splitTeam(30_000, 60_000).eta('en-1', 6)).toBeGreaterThan(2 * nextForSam);
});

/** `agents` German speakers, each in a call answered at time 0, and one German speaker waiting. */
function busyTeam(agents: number) {
  let state: EngineState = initialState({ skillFallbackMs: 3_600_000 });
  const run = (event: EngineEvent) => {
    state = step(state, event, 0).state;
  };
  const de = { language: 'de' };
  for (let i = 0; i < agents; i++) {
    const agentId = `agent-${i}` as AgentId;
    run({ type: 'agent.online', agentId, skills: { languages: ['de'], areas: [] } });
    run({ type: 'agent.available', agentId });
    run({ type: 'user.enqueued', sessionId: `call-${i}` as SessionId, traits: de });
    run({ type: 'offer.accepted', sessionId: `call-${i}` as SessionId, agentId });
  }
  run({ type: 'user.enqueued', sessionId: 'waiting' as SessionId, traits: de });
  let now = 0;
  const sessions = {
    get: () => ({ traits: de, events: [{ kind: 'accepted', at: 0 }] }),
  } as unknown as LiveSessions;
  const estimates = new WaitEstimates(
    () => state,
    sessions,
    () => now,
  );
  return {
    eta: () => estimates.forUser('waiting' as SessionId, 1)?.etaMs,
    later: (ms: number) => (now += ms),
    disconnects: (agent: number) => run({ type: 'agent.disconnected', agentId: `agent-${agent}` as AgentId }),
  };
}

test("a large floor looked at again after a second is answered from its last futures while the new one's are drawn between turns, then from the new", async () => {
  // No call measured yet: every call lasts the prior handle time, so the next user waits exactly
  // the time left in the calls plus the 2 s taken to accept.
  const { eta, later } = busyTeam(60);
  expect(eta()).toBe(PRIOR_HANDLE_MS + 2_000);
  later(60_000);
  // The same shape a minute on: told from the futures drawn a minute ago, not held up drawing.
  expect(eta()).toBe(PRIOR_HANDLE_MS + 2_000);
  // A few turns later the new futures are in: the calls have a minute less to go.
  await until(() => eta() !== PRIOR_HANDLE_MS + 2_000);
  expect(eta()).toBe(PRIOR_HANDLE_MS - 60_000 + 2_000);
});

test("a large floor of a new shape (an agent lost their connection) is answered from the class's last floor until its own futures are drawn", async () => {
  const { eta, later, disconnects } = busyTeam(60);
  expect(eta()).toBe(PRIOR_HANDLE_MS + 2_000);
  later(60_000);
  disconnects(7);
  expect(eta()).toBe(PRIOR_HANDLE_MS + 2_000);
  await until(() => eta() !== PRIOR_HANDLE_MS + 2_000);
  expect(eta()).toBe(PRIOR_HANDLE_MS - 60_000 + 2_000);
});

test('a small floor is drawn again at once: its futures are cheap, and its queue may not move for minutes', () => {
  const { eta, later } = busyTeam(3);
  expect(eta()).toBe(PRIOR_HANDLE_MS + 2_000);
  later(60_000);
  expect(eta()).toBe(PRIOR_HANDLE_MS - 60_000 + 2_000);
});
