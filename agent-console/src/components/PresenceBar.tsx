import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';

/** What each presence is called on screen, here and on the floor. */
export const PRESENCE_LABEL = {
  offline: 'Offline',
  away: 'Away',
  available: 'Available',
  offered: 'Ringing',
  busy: 'In a call',
  wrapUp: 'Wrap-up',
};

export function PresenceBar() {
  const client = useConsoleClient();
  const presence = useConsoleState((s) => s.presence);
  const name = useConsoleState((s) => s.auth?.agent.name);
  const connection = useConsoleState((s) => s.connection);
  const canChange = presence === 'available' || presence === 'away' || presence === 'wrapUp';

  return (
    <header className="bar">
      <strong>Lifeline</strong>
      <span className="who">{name}</span>
      <span className={`status status-${presence}`} aria-live="polite">
        {connection === 'connected' ? PRESENCE_LABEL[presence] : 'Connecting…'}
      </span>
      <div role="group" aria-label="Presence" className="presence">
        <button
          type="button"
          aria-pressed={presence === 'available'}
          disabled={!canChange}
          onClick={() => void client.setStatus('available')}
        >
          Available
        </button>
        <button
          type="button"
          aria-pressed={presence === 'away'}
          disabled={!canChange}
          onClick={() => void client.setStatus('away')}
        >
          Away
        </button>
      </div>
      <button type="button" className="link" onClick={() => client.signOut()}>
        Sign out
      </button>
    </header>
  );
}
