import { useConsoleState } from '../hooks/useConsole.js';
import { CallView } from './CallView.js';
import { FloorFigures } from './FloorFigures.js';
import { FloorView } from './FloorView.js';
import { IncomingOffer } from './IncomingOffer.js';
import { LoginForm } from './LoginForm.js';
import { PresenceBar } from './PresenceBar.js';

const ENDED = {
  user_ended: 'The user ended the call.',
  agent_ended: 'You ended the call.',
  user_cancelled: 'The user left.',
  user_disconnected: "The user's connection dropped.",
  agent_disconnected: 'Your connection dropped.',
  server_restarted: 'The server restarted during the call.',
  media_ended: 'The media room closed under the call.',
  transferred: 'Your colleague took over the call.',
};

export function App() {
  const signedIn = useConsoleState((s) => s.auth !== null);
  const inCall = useConsoleState((s) => s.call !== null);
  const presence = useConsoleState((s) => s.presence);
  const notice = useConsoleState((s) => s.notice);
  const lastEnded = useConsoleState((s) => s.lastEnded);
  if (!signedIn) return <LoginForm />;

  return (
    <>
      <PresenceBar />
      <main className="desk">
        {notice && (
          <p role="status" className="notice">
            {notice}
          </p>
        )}
        <FloorFigures />
        <FloorView />
        <IncomingOffer />
        {inCall ? (
          <CallView />
        ) : (
          <section className="idle card">
            {lastEnded && <p>{ENDED[lastEnded.reason]}</p>}
            <p className="muted">
              {presence === 'available'
                ? 'You are available: the next user who asks for help will ring here.'
                : 'You are away. Choose Available to start taking calls.'}
            </p>
          </section>
        )}
      </main>
    </>
  );
}
