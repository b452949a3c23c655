import type { TeamReply } from '@lifeline/shared';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';
import { pathOf } from '../routing/routes.js';
import { fetchTeam } from '../transport/api.js';
import type { HistoryFilters } from '../transport/historyQuery.js';
import { ErrorAlert } from './ErrorAlert.js';
import { DISPOSITION_LABEL, dateTime, seconds } from './labels.js';
import { SessionTimeline } from './SessionTimeline.js';

const OUTCOME = { waiting: 'Waiting', live: 'Live', answered: 'Answered', abandoned: 'Abandoned' };

/** Every session this agent may see, searchable and filtered, newest first; one opens with its timeline. */
export function HistoryView() {
  const client = useConsoleClient();
  const history = useConsoleState((s) => s.history);
  const [query, setQuery] = useState(history.query);
  const [filters, setFilters] = useState(history.filters);
  const [, navigate] = useLocation();
  const set = (key: keyof HistoryFilters) => (e: { target: { value: string } }) =>
    setFilters((f) => ({ ...f, [key]: e.target.value }));

  const search = (event: FormEvent) => {
    event.preventDefault();
    void client.records.search(query.trim(), filters);
  };
  const exportCsv = async () => {
    const csv = await client.records.exportCsv();
    if (csv) saveFile(csv, `lifeline-sessions-${new Date().toISOString().slice(0, 10)}.csv`);
  };

  return (
    <section className="history" aria-label="History">
      <form role="search" className="actions filters" onSubmit={search}>
        <label>
          <span className="visually-hidden">Search sessions</span>
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Name, e-mail, page, note…"
          />
        </label>
        <label>
          From <input type="date" value={filters.from} onChange={set('from')} />
        </label>
        <label>
          To <input type="date" value={filters.to} min={filters.from || undefined} onChange={set('to')} />
        </label>
        <AgentFilter value={filters.agent} onChange={set('agent')} />
        <label>
          Disposition
          <select value={filters.disposition} onChange={set('disposition')}>
            <option value="">Any</option>
            {Object.entries(DISPOSITION_LABEL).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Rating
          <select value={filters.rating} onChange={set('rating')}>
            <option value="">Any</option>
            {[5, 4, 3, 2, 1].map((n) => (
              <option key={n} value={n}>
                {n} / 5
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Search</button>
        <button type="button" onClick={() => void exportCsv()}>
          Export CSV
        </button>
      </form>
      <ErrorAlert message={history.error} />
      <p className="muted" aria-live="polite">
        {history.loading ? 'Searching…' : `${history.total} session${history.total === 1 ? '' : 's'}`}
      </p>
      {history.selected && <SessionTimeline session={history.selected} onClose={() => navigate('/history')} />}
      {/* A phone scrolls the table sideways inside its card, not the whole console. */}
      <div className="table-scroll">
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
                  <Link href={pathOf({ view: 'history', sessionId: s.id })}>{dateTime(s.requestedAt)}</Link>
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
      </div>
    </section>
  );
}

/** Supervisors and admins see everyone's sessions, so they may narrow them to one agent. */
function AgentFilter({ value, onChange }: { value: string; onChange: (e: { target: { value: string } }) => void }) {
  const auth = useConsoleState((s) => s.auth);
  const [team, setTeam] = useState<TeamReply['agents']>([]);
  const seesTeam = auth?.agent.role === 'supervisor' || auth?.agent.role === 'admin';
  useEffect(() => {
    if (auth && seesTeam)
      fetchTeam(auth.token).then(
        ({ agents }) => setTeam(agents),
        () => setTeam([]),
      );
  }, [auth, seesTeam]);
  if (!seesTeam) return null;
  return (
    <label>
      Agent
      <select value={value} onChange={onChange}>
        <option value="">Anyone</option>
        {team.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Hands a file to the browser's downloads, as a link with `download` would. */
function saveFile(file: Blob, name: string) {
  const url = URL.createObjectURL(file);
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
