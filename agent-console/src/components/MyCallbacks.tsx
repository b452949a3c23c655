import type { AgentCallbackView, TeamReply } from '@lifeline/shared';
import { useCallback, useEffect, useState } from 'react';
import { useConsoleState } from '../hooks/useConsole.js';
import { fetchMyCallbacks, fetchTeam, handOverCallback } from '../transport/api.js';

/**
 * *My callbacks*: the follow-ups this agent promised (or was handed) and the team's, soonest
 * first. Each of one's own can be handed over: to a colleague, or to the team, with a note.
 * `ownOnly` is the shift-change list: what must be handed over before signing out.
 */
export function MyCallbacks({ ownOnly = false, onChange }: { ownOnly?: boolean; onChange?: (open: number) => void }) {
  const auth = useConsoleState((s) => s.auth);
  // Listed again whenever the server says they changed (a colleague handed one over).
  const changed = useConsoleState((s) => s.callbacksChanged);
  const [callbacks, setCallbacks] = useState<AgentCallbackView[] | null>(null);
  const [team, setTeam] = useState<TeamReply['agents']>([]);
  const me = auth?.agent.id;
  const load = useCallback(async () => {
    if (!auth) return;
    const [{ callbacks: all }, { agents }] = await Promise.all([fetchMyCallbacks(auth.token), fetchTeam(auth.token)]);
    const shown = ownOnly ? all.filter((c) => c.ownerId === auth.agent.id) : all;
    setCallbacks(shown);
    setTeam(agents.filter((a) => a.id !== auth.agent.id));
    onChange?.(shown.filter((c) => c.ownerId === auth.agent.id).length);
  }, [auth, ownOnly, onChange]);
  useEffect(() => {
    if (changed >= 0) void load().catch(() => setCallbacks([]));
  }, [load, changed]);
  if (!callbacks) return null;
  return (
    <section className="card" aria-label="My callbacks">
      <h2>{ownOnly ? 'Hand over your callbacks' : 'My callbacks'}</h2>
      {callbacks.length === 0 && <p className="muted">No callbacks open.</p>}
      <ul className="callbacks">
        {callbacks.map((c) => (
          <li key={c.id} aria-label={`Callback for ${c.userName ?? 'a user'}`}>
            <strong>{c.userName ?? c.userEmail ?? 'A user'}</strong> · {new Date(c.dueAt).toLocaleString()}
            {c.status === 'due' && ' · ringing'}
            {c.ownerId === null && ' · team'}
            {c.note && <blockquote aria-label="Callback note">{c.note}</blockquote>}
            {c.handoff && (
              <blockquote aria-label="Handoff note">
                From {c.handoff.fromName}: {c.handoff.note}
              </blockquote>
            )}
            {ownOnly && c.status === 'due' && (
              <p className="muted">Due now: once you sign out, a colleague with your skills calls instead.</p>
            )}
            {c.ownerId === me && c.status === 'scheduled' && auth && (
              <HandOver callback={c} team={team} token={auth.token} onDone={() => void load()} />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function HandOver(props: {
  callback: AgentCallbackView;
  team: TeamReply['agents'];
  token: string;
  onDone: () => void;
}) {
  const { callback, team, token, onDone } = props;
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const who = callback.userName ?? 'this user';
  return (
    <form
      className="follow-up"
      aria-label={`Hand over the callback for ${who}`}
      onSubmit={(e) => {
        e.preventDefault();
        handOverCallback(token, callback.id, to || null, note.trim()).then(onDone, (err: Error) =>
          setError(err.message),
        );
      }}
    >
      <label>
        Hand over to
        <select value={to} onChange={(e) => setTo(e.target.value)}>
          <option value="">The team</option>
          {team.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Handoff note
        <input value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit">Hand over</button>
      {error && <span role="alert">{error}</span>}
    </form>
  );
}
