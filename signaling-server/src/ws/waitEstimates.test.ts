import type { AgentId, SessionId } from '@lifeline/shared';
import { expect, test } from 'vitest';
import { initialState, step } from '../matching/engine.js';
import type { EngineEvent, EngineState, RequestTraits } from '../matching/types.js';
import type { LiveSessions } from '../runtime/liveSessions.js';
import { WaitEstimates } from './waitEstimates.js';

test('where agents are split by language, a user waits behind those of their own language, not behind the whole queue', () => {
  let state: EngineState = initialState({});
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
    () => 0,
  );
  const eta = (id: string, position: number) => estimates.forUser(id as SessionId, position)?.etaMs as number;

  // Sixth in the queue, but first for Sam: about as long as the first German speaker waits for Jonas.
  expect(eta('en-1', 6)).toBeLessThan(eta('de-2', 2));
  expect(eta('en-1', 6) / eta('de-1', 1)).toBeGreaterThan(0.75);
  expect(eta('en-1', 6) / eta('de-1', 1)).toBeLessThan(1.33);
  // Someone asking in English now is second for Sam.
  expect(estimates.forNewRequest({ language: 'en' })?.etaMs).toBeGreaterThan(eta('en-1', 6));
  expect(estimates.forNewRequest({ language: 'en' })?.etaMs).toBeLessThan(eta('de-3', 3));
});
