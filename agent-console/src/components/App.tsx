import type { Presence } from '@lifeline/shared';
import { useConsoleState } from '../hooks/useConsole.js';
import { UrlSync } from '../routing/UrlSync.js';
import { AcceptInvite } from './AcceptInvite.js';
import { AgentsAdmin } from './AgentsAdmin.js';
import { CallView } from './CallView.js';
import { FloorFigures } from './FloorFigures.js';
import { FloorView } from './FloorView.js';
import { FollowUpForm } from './FollowUpForm.js';
import { HistoryView } from './HistoryView.js';
import { IncomingOffer } from './IncomingOffer.js';
import { LoginForm } from './LoginForm.js';
import { MyCallbacks } from './MyCallbacks.js';
import { PresenceBar } from './PresenceBar.js';
import { TimeToAnswerCharts } from './TimeToAnswerCharts.js';
import { WrapUpForm } from './WrapUpForm.js';

const ENDED = {
  user_ended: 'The user ended the call.',
  agent_ended: 'You ended the call.',
  user_cancelled: 'The user left.',
  user_disconnected: "The user's connection dropped.",
  agent_disconnected: 'Your connection dropped.',
  server_restarted: 'The server restarted during the call.',
  callback_expired: 'The callback request expired before anyone answered.',
  no_answer: 'The user did not answer the callback; it will be tried again if the policy allows.',
  callback_scheduled: 'The user chose a time to be called back instead of waiting.',
  media_ended: 'The media room closed under the call.',
  transferred: 'Your colleague took over the call.',
};

/** What the desk says for each presence, always in step with the header's status. */
const DESK_STATUS: Record<Presence, string> = {
  available: 'You are available: the next user who asks for help will ring here.',
  away: 'You are away. Choose Available to start taking calls.',
  wrapUp: 'Wrap-up: no new call rings until you save it or its time is up.',
  offered: 'A user is ringing: accept or decline above.',
  busy: 'You are in a call.',
  offline: 'You are offline.',
};

/** The agent's own desk: the offer that rings, the call, or what to do next. */
function Desk() {
  const inCall = useConsoleState((s) => s.call !== null);
  const presence = useConsoleState((s) => s.presence);
  const lastEnded = useConsoleState((s) => s.lastEnded);
  return (
    <>
      {inCall ? (
        <CallView />
      ) : (
        <section className="idle card">
          {lastEnded && <p>{ENDED[lastEnded.reason]}</p>}
          <WrapUpForm />
          {lastEnded && <FollowUpForm key={lastEnded.sessionId} sessionId={lastEnded.sessionId} />}
          <p className="muted">{DESK_STATUS[presence]}</p>
        </section>
      )}
      <MyCallbacks key={`${lastEnded?.sessionId}:${inCall}`} />
    </>
  );
}

export function App() {
  const signedIn = useConsoleState((s) => s.auth !== null);
  const view = useConsoleState((s) => s.view);
  const notice = useConsoleState((s) => s.notice);
  const inviteToken = location.hash.startsWith('#invite=') ? decodeURIComponent(location.hash.slice(8)) : null;
  if (!signedIn) return inviteToken ? <AcceptInvite token={inviteToken} /> : <LoginForm />;

  return (
    <>
      <UrlSync />
      <PresenceBar />
      <main className="desk">
        {notice && (
          <p role="status" className="notice">
            {notice}
          </p>
        )}
        <FloorFigures />
        {/* An offer rings whatever screen is open; the call stays mounted (its audio plays) behind other screens. */}
        <IncomingOffer />
        <div className="view" hidden={view !== 'desk'}>
          <Desk />
        </div>
        {view === 'floor' && (
          <>
            <TimeToAnswerCharts />
            <FloorView />
          </>
        )}
        {view === 'history' && <HistoryView />}
        {view === 'agents' && <AgentsAdmin />}
      </main>
    </>
  );
}
