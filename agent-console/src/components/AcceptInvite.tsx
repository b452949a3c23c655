import { type FormEvent, useState } from 'react';
import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';
import { ErrorAlert } from './ErrorAlert.js';

/** An invited agent's first visit: choose a password, then they are signed in. */
export function AcceptInvite({ token }: { token: string }) {
  const client = useConsoleClient();
  const error = useConsoleState((s) => s.authError);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    await client.acceptInvitation(token, String(new FormData(event.currentTarget).get('password')));
    setBusy(false);
  };

  return (
    <main className="login">
      <form className="card" onSubmit={submit} aria-labelledby="invite-title">
        <h1 id="invite-title">Welcome to Lifeline</h1>
        <p className="muted">Choose a password to finish setting up your account.</p>
        <label>
          New password
          <input name="password" type="password" autoComplete="new-password" minLength={10} required />
        </label>
        <ErrorAlert message={error} />
        <button type="submit" className="primary" disabled={busy}>
          Set password and sign in
        </button>
      </form>
    </main>
  );
}
