import { useConsoleState } from '../hooks/useConsole.js';
import { DISPOSITION_LABEL, dateTime } from './labels.js';

/** The identified user's earlier sessions with their notes, so the agent starts informed. */
export function PreviousSessions({ sessionId }: { sessionId: string }) {
  const previous = useConsoleState((s) => s.previous);
  if (previous?.sessionId !== sessionId) return null;
  return (
    <section className="previous" aria-label="Previous sessions">
      <h3>Previous sessions</h3>
      {previous.sessions.length === 0 ? (
        <p className="muted">First time this user has called.</p>
      ) : (
        <ul>
          {previous.sessions.map((s) => (
            <li key={s.id}>
              <strong>{dateTime(s.requestedAt)}</strong>
              {s.agentName && <span className="muted"> with {s.agentName}</span>}
              {s.disposition && <span className="badge">{DISPOSITION_LABEL[s.disposition]}</span>}
              {s.rating && (
                <>
                  <span aria-hidden="true"> {'★'.repeat(s.rating.score)}</span>
                  <span className="visually-hidden">Rated {s.rating.score} of 5</span>
                </>
              )}
              {s.notes.map((n) => (
                <p key={`${n.at}-${n.body}`} className="note">
                  {n.body}
                </p>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
