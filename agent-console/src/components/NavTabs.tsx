import { useLocation } from 'wouter';
import { useConsoleState } from '../hooks/useConsole.js';
import { pathOf, SCREENS } from '../routing/routes.js';

/** The console's screens; each role sees the ones it may use. Each is a URL (see UrlSync). */
export function NavTabs() {
  const view = useConsoleState((s) => s.view);
  const role = useConsoleState((s) => s.auth?.agent.role ?? 'agent');
  const [, navigate] = useLocation();
  return (
    <nav aria-label="Console" className="tabs">
      {SCREENS.filter((s) => s.roles.includes(role)).map((s) => (
        <button
          key={s.view}
          type="button"
          aria-current={view === s.view ? 'page' : undefined}
          onClick={() => navigate(pathOf({ view: s.view, sessionId: null }))}
        >
          {s.label}
        </button>
      ))}
    </nav>
  );
}
