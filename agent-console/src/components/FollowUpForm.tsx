import type { SessionId } from '@lifeline/shared';
import { useState } from 'react';
import { useConsoleState } from '../hooks/useConsole.js';
import { promiseFollowUp } from '../transport/api.js';

/** A `datetime-local` value for a time, in the agent's own zone. */
const localInput = (at: number) => {
  const d = new Date(at - new Date(at).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

/**
 * "I'll call you back at 16:00": a follow-up the agent owns, kept by the server, rung on this
 * agent's console when due; the user's panel and the tenant's backend hear of the promise.
 */
export function FollowUpForm({ sessionId }: { sessionId: SessionId }) {
  const token = useConsoleState((s) => s.auth?.token);
  const [at, setAt] = useState(() => localInput(Date.now() + 3_600_000));
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!token) return null;
  if (done) return <p role="status">Callback promised for {done}.</p>;
  const promise = async () => {
    setError(null);
    try {
      const made = await promiseFollowUp(token, sessionId, new Date(at).getTime(), note.trim());
      setDone(new Date(made.dueAt).toLocaleString());
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form
      className="follow-up"
      aria-label="Promise a callback"
      onSubmit={(e) => {
        e.preventDefault();
        void promise();
      }}
    >
      <label>
        Call back at
        <input type="datetime-local" value={at} required onChange={(e) => setAt(e.target.value)} />
      </label>
      <label>
        Callback note
        <input value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit">Promise callback</button>
      {error && <span role="alert">{error}</span>}
    </form>
  );
}
