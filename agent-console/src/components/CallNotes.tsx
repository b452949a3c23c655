import { type FormEvent, useState } from 'react';
import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';
import { ErrorAlert } from './ErrorAlert.js';
import { clockTime } from './labels.js';

/** Notes during the call: saved with the session, read later in history and on the user's next call. */
export function CallNotes() {
  const client = useConsoleClient();
  const notes = useConsoleState((s) => s.notes);
  const [draft, setDraft] = useState('');

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (await client.records.addNote(draft)) setDraft('');
  };

  return (
    <form className="notes" onSubmit={add} aria-label="Call notes">
      <h3>Notes</h3>
      {notes.items.length > 0 && (
        <ul>
          {notes.items.map((n) => (
            <li key={`${n.at}-${n.body}`}>
              <time className="muted">{clockTime(n.at)}</time> {n.body}
            </li>
          ))}
        </ul>
      )}
      <label>
        <span className="visually-hidden">New note</span>
        <textarea
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          rows={3}
          maxLength={4000}
          placeholder="What happened, what you tried…"
        />
      </label>
      <ErrorAlert message={notes.error} />
      <button type="submit" disabled={!draft.trim()}>
        Add note
      </button>
    </form>
  );
}
