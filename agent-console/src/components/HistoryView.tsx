import { type FormEvent, useState } from 'react';
import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';
import { ErrorAlert } from './ErrorAlert.js';
import { DISPOSITION_LABEL, dateTime, seconds } from './labels.js';
import { SessionTimeline } from './SessionTimeline.js';

const OUTCOME = { waiting: 'Waiting', live: 'Live', answered: 'Answered', abandoned: 'Abandoned' };

/** Every session this agent may see, searchable, newest first; one opens with its timeline. */
export function HistoryView() {
  const client = useConsoleClient();
  const history = useConsoleState((s) => s.history);
  const [query, setQuery] = useState(history.query);

  const search = (event: FormEvent) => {
    event.preventDefault();
    void client.records.search(query.trim());
  };

  return (
    <section className="history" aria-label="History">
      <form role="search" className="actions" onSubmit={search}>
        <label>
          <span className="visually-hidden">Search sessions</span>
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Name, e-mail, page, note…"
          />
        </label>
        <button type="submit">Search</button>
      </form>
      <ErrorAlert message={history.error} />
      <p className="muted" aria-live="polite">
        {history.loading ? 'Searching…' : `${history.total} session${history.total === 1 ? '' : 's'}`}
      </p>
      {history.selected && (
        <SessionTimeline session={history.selected} onClose={() => void client.records.open(null)} />
      )}
      <table className="card">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">User</th>
            <th scope="col">Agent</th>
            <th scope="col">Outcome</th>
            <th scope="col">Time to answer</th>
            <th scope="col">Duration</th>
            <th scope="col">Rating</th>
            <th scope="col">Notes</th>
          </tr>
        </thead>
        <tbody>
          {history.sessions.map((s) => (
            <tr key={s.id}>
              <td>
                <button type="button" className="link" onClick={() => void client.records.open(s.id)}>
                  {dateTime(s.requestedAt)}
                </button>
              </td>
              <td>{s.user.name ?? s.user.email ?? 'Anonymous'}</td>
              <td>{s.agentName ?? '–'}</td>
              <td>
                {OUTCOME[s.outcome]}
                {s.disposition ? ` · ${DISPOSITION_LABEL[s.disposition]}` : ''}
              </td>
              <td>{seconds(s.timeToAnswerMs)}</td>
              <td>{seconds(s.durationMs)}</td>
              <td>{s.rating ? `${s.rating.score} / 5` : '–'}</td>
              <td className="note-cell">{s.notes.map((n) => n.body).join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
