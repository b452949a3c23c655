import { Fragment } from 'react';
import { useConsoleState } from '../hooks/useConsole.js';
import { browserAndOs } from './browserName.js';
import { CallNotes } from './CallNotes.js';
import { PreviousSessions } from './PreviousSessions.js';

/** Who the user is and what they were doing: identity, plan, attributes, page, history, notes. */
export function ContextPanel() {
  const call = useConsoleState((s) => s.call);
  if (!call) return null;
  const { user } = call;
  return (
    <aside className="card context" aria-label="User context">
      <h2>
        {user.name ?? 'User'}{' '}
        {user.verified ? (
          <span className="badge" title="Signed by your product's backend">
            Verified
          </span>
        ) : (
          <span className="badge muted" title="The page did not sign who this is">
            Not verified
          </span>
        )}
      </h2>
      {call.handedOver && (
        <div className="handover">
          <p className="muted">Handed over by {call.handedOver.fromAgentName}</p>
          {call.handedOver.note && <blockquote aria-label="Transfer note">{call.handedOver.note}</blockquote>}
        </div>
      )}
      <dl>
        {user.plan && (
          <>
            <dt>Plan</dt>
            <dd>{user.plan}</dd>
          </>
        )}
        {user.email && (
          <>
            <dt>Email</dt>
            <dd>{user.email}</dd>
          </>
        )}
        <Facts entries={user.claims} />
        <dt>Page</dt>
        <dd>{user.pageUrl ?? 'unknown'}</dd>
        <dt>Browser</dt>
        <dd title={user.userAgent}>{browserAndOs(user.userAgent)}</dd>
        <dt>Language</dt>
        <dd>{user.language ?? 'unknown'}</dd>
      </dl>
      {user.attributes && Object.keys(user.attributes).length > 0 && (
        <section aria-label="Reported by the page">
          <h3>Reported by the page (unverified)</h3>
          <dl>
            <Facts entries={user.attributes} />
          </dl>
        </section>
      )}
      <PreviousSessions sessionId={call.sessionId} />
      <CallNotes />
    </aside>
  );
}

function Facts({ entries }: { entries: Record<string, string | number | boolean> | undefined }) {
  return Object.entries(entries ?? {}).map(([key, value]) => (
    <Fragment key={key}>
      <dt>{key}</dt>
      <dd>{String(value)}</dd>
    </Fragment>
  ));
}
