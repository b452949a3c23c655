import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';
import type { ConsoleState } from '../state/store.js';

const VIEWS: Array<{ view: ConsoleState['view']; label: string; roles: string[] }> = [
  { view: 'desk', label: 'Desk', roles: ['agent', 'supervisor', 'admin'] },
  { view: 'floor', label: 'Floor', roles: ['supervisor', 'admin'] },
  { view: 'history', label: 'History', roles: ['agent', 'supervisor', 'admin'] },
  { view: 'agents', label: 'Agents', roles: ['admin'] },
];

/** The console's screens; each role sees the ones it may use. */
export function NavTabs() {
  const client = useConsoleClient();
  const view = useConsoleState((s) => s.view);
  const role = useConsoleState((s) => s.auth?.agent.role ?? 'agent');
  return (
    <nav aria-label="Console" className="tabs">
      {VIEWS.filter((v) => v.roles.includes(role)).map((v) => (
        <button
          key={v.view}
          type="button"
          aria-current={view === v.view ? 'page' : undefined}
          onClick={() => client.show(v.view)}
        >
          {v.label}
        </button>
      ))}
    </nav>
  );
}
