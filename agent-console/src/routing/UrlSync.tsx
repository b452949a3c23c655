import { useEffect, useRef } from 'react';
import { useLocation } from 'wouter';
import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';
import { routeOf } from './routes.js';

/**
 * The URL says which screen is open (and which session in History), so back, forward, reload and
 * a shared link all work: the store follows the URL, never the other way round. Taking a call
 * brings the agent to the desk, wherever they were.
 */
export function UrlSync() {
  const client = useConsoleClient();
  const role = useConsoleState((s) => s.auth?.agent.role ?? 'agent');
  const view = useConsoleState((s) => s.view);
  const openedId = useConsoleState((s) => s.history.selected?.id ?? null);
  const inCall = useConsoleState((s) => s.call !== null);
  const [location, navigate] = useLocation();
  const route = routeOf(location, role);

  useEffect(() => {
    if (route.view !== view) client.show(route.view);
  }, [client, route.view, view]);
  useEffect(() => {
    if (route.view === 'history' && route.sessionId !== openedId) void client.records.open(route.sessionId);
  }, [client, route.view, route.sessionId, openedId]);
  // Only as the call starts: during it, the agent may still look at History.
  const wasInCall = useRef(inCall);
  useEffect(() => {
    if (inCall && !wasInCall.current) navigate('/');
    wasInCall.current = inCall;
  }, [inCall, navigate]);
  return null;
}
