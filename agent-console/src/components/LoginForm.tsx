import { type FormEvent, useState } from 'react';
import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';
import { ErrorAlert } from './ErrorAlert.js';

export function LoginForm() {
  const client = useConsoleClient();
  const error = useConsoleState((s) => s.authError);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    await client.signIn(String(form.get('email')), String(form.get('password')));
    setBusy(false);
  };

  return (
    <main className="login">
      <form className="card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Lifeline agent console</h1>
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <ErrorAlert message={error} />
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
