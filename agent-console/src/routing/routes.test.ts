import { expect, test } from 'vitest';
import { pathOf, routeOf } from './routes.js';

test('each screen has a path, and the path names the screen back', () => {
  for (const route of [
    { view: 'desk', sessionId: null },
    { view: 'floor', sessionId: null },
    { view: 'history', sessionId: null },
    { view: 'history', sessionId: 'sess/with odd#chars' },
    { view: 'agents', sessionId: null },
  ] as const) {
    expect(routeOf(pathOf(route))).toEqual(route);
  }
  expect(pathOf({ view: 'history', sessionId: 's1' })).toBe('/history/s1');
});

test('an unknown or malformed path opens the desk, and a session id only counts under History', () => {
  expect(routeOf('/nowhere')).toEqual({ view: 'desk', sessionId: null });
  expect(routeOf('')).toEqual({ view: 'desk', sessionId: null });
  expect(routeOf('/floor/s1')).toEqual({ view: 'floor', sessionId: null });
  expect(routeOf('/history/')).toEqual({ view: 'history', sessionId: null });
  expect(routeOf('/history/50%')).toEqual({ view: 'history', sessionId: '50%' });
});

test('a screen the role may not use opens the desk instead', () => {
  expect(routeOf('/agents', 'agent')).toEqual({ view: 'desk', sessionId: null });
  expect(routeOf('/floor', 'agent')).toEqual({ view: 'desk', sessionId: null });
  expect(routeOf('/floor', 'supervisor')).toEqual({ view: 'floor', sessionId: null });
  expect(routeOf('/history/s1', 'agent')).toEqual({ view: 'history', sessionId: 's1' });
});
