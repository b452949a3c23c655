import { expect, test } from 'vitest';
import { historyParams, NO_FILTERS } from './historyQuery.js';

test('a search with no filters asks only for the text', () => {
  expect(historyParams('', NO_FILTERS).toString()).toBe('');
  expect(historyParams('export guide', NO_FILTERS).toString()).toBe('q=export+guide');
});

test('a date range covers whole local days, the last one included', () => {
  const params = historyParams('', { ...NO_FILTERS, from: '2026-03-01', to: '2026-03-02' });
  expect(Number(params.get('from'))).toBe(new Date(2026, 2, 1).getTime());
  expect(Number(params.get('to'))).toBe(new Date(2026, 2, 3).getTime());
});

test('agent, disposition and rating pass through as the server names them', () => {
  const params = historyParams('dana', { ...NO_FILTERS, agent: 'a2', disposition: 'follow_up', rating: '5' });
  expect(Object.fromEntries(params)).toEqual({ q: 'dana', agent: 'a2', disposition: 'follow_up', rating: '5' });
});
