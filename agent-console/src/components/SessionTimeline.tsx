import type { SessionDetail } from '@lifeline/shared';
import { browserAndOs } from './browserName.js';
import { clockTime, DISPOSITION_LABEL, dateTime, seconds, TIMELINE_LABEL } from './labels.js';

/** One session opened from the history: its figures, rating, notes and every event in order. */
export function SessionTimeline({ session, onClose }: { session: SessionDetail; onClose: () => void }) {
  return (
    <article className="card session-detail" aria-label="Session details">
      <header className="actions">
        <h2>{session.user.name ?? session.user.email ?? 'Anonymous user'}</h2>
        <button type="button" className="link" onClick={onClose}>
          Close
        </button>
      </header>
      <dl>
        <dt>Asked</dt>
        <dd>{dateTime(session.requestedAt)}</dd>
        <dt>Page</dt>
        <dd>{session.context.pageUrl ?? 'unknown'}</dd>
        <dt>Browser</dt>
        <dd>{browserAndOs(session.context.userAgent)}</dd>
        <dt>Time to answer</dt>
        <dd>{seconds(session.timeToAnswerMs)}</dd>
        <dt>Duration</dt>
        <dd>{seconds(session.durationMs)}</dd>
        <dt>Rating</dt>
        <dd>
          {session.rating ? `${session.rating.score} / 5` : 'not rated'}
          {session.rating?.comment ? ` — “${session.rating.comment}”` : ''}
        </dd>
        <dt>Outcome</dt>
        <dd>{session.disposition ? DISPOSITION_LABEL[session.disposition] : 'no wrap-up'}</dd>
      </dl>
      {session.notes.length > 0 && (
        <>
          <h3>Notes</h3>
          <ul>
            {session.notes.map((n) => (
              <li key={`${n.at}-${n.body}`}>
                <span className="muted">
                  {n.agentName}, {clockTime(n.at)}:
                </span>{' '}
                {n.body}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Timeline</h3>
      <ol className="timeline" aria-label="Timeline">
        {session.timeline.map((e, i) => (
          <li key={`${e.at}-${e.kind}-${i}`}>
            <time>{clockTime(e.at)}</time> {TIMELINE_LABEL[e.kind] ?? e.kind}
            {e.agentName ? ` ${e.agentName}` : ''}
            {e.reason ? ` (${e.reason.replaceAll('_', ' ')})` : ''}
          </li>
        ))}
      </ol>
    </article>
  );
}
