import type { ConsoleState } from '../state/store.js';

/** Where a console screen lives, under `/console`: a URL an agent can bookmark, share or go back to. */
export interface ConsoleRoute {
  view: ConsoleState['view'];
  /** A session opened in History, linkable on its own. */
  sessionId: string | null;
}

type Role = 'agent' | 'supervisor' | 'admin';

/** The console's screens, in tab order; each role sees the ones it may use. */
export const SCREENS: ReadonlyArray<{ view: ConsoleState['view']; label: string; roles: Role[] }> = [
  { view: 'desk', label: 'Desk', roles: ['agent', 'supervisor', 'admin'] },
  { view: 'floor', label: 'Floor', roles: ['supervisor', 'admin'] },
  { view: 'history', label: 'History', roles: ['agent', 'supervisor', 'admin'] },
  { view: 'agents', label: 'Agents', roles: ['admin'] },
];

/**
 * The screen a path (relative to `/console`) names for this role; anything unknown, or a screen
 * the role may not use, is the desk.
 */
export function routeOf(path: string, role: Role = 'admin'): ConsoleRoute {
  const [view = '', sessionId] = path.split('/').filter(Boolean).map(decodeSafely);
  const screen = SCREENS.find((s) => s.view === view);
  if (!screen || view === 'desk' || !screen.roles.includes(role)) return { view: 'desk', sessionId: null };
  return { view: view as ConsoleRoute['view'], sessionId: view === 'history' && sessionId ? sessionId : null };
}

/** The path (relative to `/console`) of a screen. */
export function pathOf(route: ConsoleRoute): string {
  if (route.view === 'desk') return '/';
  if (route.view === 'history' && route.sessionId) return `/history/${encodeURIComponent(route.sessionId)}`;
  return `/${route.view}`;
}

/** A hand-typed `%` must not break the console: such a segment is taken as it stands. */
function decodeSafely(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
