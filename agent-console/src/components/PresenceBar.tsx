import { useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';
import { useNow } from '../hooks/useNow.js';
import { fetchMyCallbacks } from '../transport/api.js';
import { minutesSeconds } from './labels.js';
import { MyCallbacks } from './MyCallbacks.js';
import { NavTabs } from './NavTabs.js';
import { ThemeToggle } from './ThemeToggle.js';

/** What each presence is called on screen, here and on the floor. */
export const PRESENCE_LABEL = {
  offline: 'Offline',
  away: 'Away',
  available: 'Available',
  offered: 'Ringing',
  busy: 'In a call',
  wrapUp: 'Wrap-up',
};

const AWAY_REASONS = ['Break', 'Lunch', 'Meeting', 'Training', 'Other work'];

export function PresenceBar() {
  const client = useConsoleClient();
  const presence = useConsoleState((s) => s.presence);
  const agent = useConsoleState((s) => s.auth?.agent);
  const connection = useConsoleState((s) => s.connection);
  const awayReason = useConsoleState((s) => s.awayReason);
  const wrapUpUntil = useConsoleState((s) => s.wrapUpUntil);
  const now = useNow(1000);
  // On a phone the header folds: status, presence and a Menu stay; the rest opens from Menu.
  const [menuOpen, setMenuOpen] = useState(false);
  const [location] = useLocation();
  useEffect(() => setMenuOpen(false), [location]);
  const canChange = presence === 'available' || presence === 'away' || presence === 'wrapUp';
  const skills = agent?.skills ? [...agent.skills.languages, ...agent.skills.areas] : [];

  let status = connection === 'connected' ? PRESENCE_LABEL[presence] : 'Connecting…';
  if (connection === 'reconnecting') status = 'Reconnecting… (your call goes on)';
  if (connection === 'connected' && presence === 'away' && awayReason) status = `Away: ${awayReason}`;
  if (connection === 'connected' && presence === 'wrapUp' && wrapUpUntil) {
    status = `Wrap-up, ${minutesSeconds(wrapUpUntil - now)} left`;
  }

  return (
    <header className="bar">
      <strong>Lifeline</strong>
      <span className={`status status-${presence}`} aria-live="polite">
        {status}
      </span>
      <button
        type="button"
        className="menu-toggle"
        aria-expanded={menuOpen}
        aria-controls="console-menu"
        onClick={() => setMenuOpen((open) => !open)}
      >
        Menu
      </button>
      <div id="console-menu" className="bar-more" data-open={menuOpen}>
        <span className="who">{agent?.name}</span>
        {skills.length > 0 && (
          <ul className="skills" aria-label="Your skills">
            {skills.map((s) => (
              <li key={s} className="badge">
                {s}
              </li>
            ))}
          </ul>
        )}
        <NavTabs />
        <ThemeToggle />
        <SignOut />
      </div>
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
        <select
          aria-label="Away reason"
          value=""
          disabled={!canChange}
          onChange={(e) => e.target.value && void client.setStatus('away', e.target.value)}
        >
          <option value="">Away because…</option>
          {AWAY_REASONS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
    </header>
  );
}

/**
 * Signing out with follow-ups still open: the agent is asked to hand each one over (to a colleague
 * or the team, with a note) first, so the next person "will know exactly what's going on".
 */
function SignOut() {
  const client = useConsoleClient();
  const token = useConsoleState((s) => s.auth?.token);
  const me = useConsoleState((s) => s.auth?.agent.id);
  const [handingOver, setHandingOver] = useState(false);
  /** Own callbacks not handed over yet: once none are left, signing out is the plain next step. */
  const [stillOpen, setStillOpen] = useState(1);
  const signOut = async () => {
    const open = token ? await fetchMyCallbacks(token).catch(() => ({ callbacks: [] })) : { callbacks: [] };
    // One ringing now counts too: signing out sends it to a colleague, and the agent should know.
    if (open.callbacks.some((c) => c.ownerId === me && (c.status === 'scheduled' || c.status === 'due')))
      setHandingOver(true);
    else client.signOut();
  };
  return (
    <>
      <button type="button" className="link" onClick={() => void signOut()}>
        Sign out
      </button>
      {handingOver && (
        <div role="dialog" aria-label="Before you sign out" className="card handover-dialog">
          <p>You have callbacks promised. Hand each one over so a colleague calls instead.</p>
          <MyCallbacks ownOnly onChange={setStillOpen} />
          <button type="button" className={stillOpen > 0 ? 'danger' : 'primary'} onClick={() => client.signOut()}>
            {stillOpen > 0 ? 'Sign out anyway' : 'Sign out'}
          </button>
          <button type="button" onClick={() => setHandingOver(false)}>
            Stay signed in
          </button>
        </div>
      )}
    </>
  );
}
