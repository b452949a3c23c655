import { Disposition } from '@lifeline/shared';
import { type FormEvent, useState } from 'react';
import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';
import { ErrorAlert } from './ErrorAlert.js';
import { DISPOSITION_LABEL } from './labels.js';

/** After a call: how it ended (a disposition code) and a last note, saved with the session. */
export function WrapUpForm() {
  const client = useConsoleClient();
  const wrapUp = useConsoleState((s) => s.wrapUp);
  const [disposition, setDisposition] = useState<Disposition | null>(null);
  const [note, setNote] = useState('');
  if (!wrapUp) return null;
  if (wrapUp.status === 'saved') return <p role="status">Wrap-up saved.</p>;

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (disposition) void client.records.saveWrapUp(disposition, note);
  };

  return (
    <form className="wrap-up" onSubmit={save} aria-labelledby="wrap-up-title">
      <h2 id="wrap-up-title">Wrap-up</h2>
      <fieldset>
        <legend>Outcome</legend>
        {Disposition.options.map((code) => (
          <label key={code} className="choice">
            <input
              type="radio"
              name="disposition"
              value={code}
              checked={disposition === code}
              onChange={() => setDisposition(code)}
            />
            {DISPOSITION_LABEL[code]}
          </label>
        ))}
      </fieldset>
      <label>
        Closing note
        <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={4000} />
      </label>
      <ErrorAlert message={wrapUp.error} />
      <button type="submit" className="primary" disabled={!disposition || wrapUp.status === 'saving'}>
        Save wrap-up
      </button>
    </form>
  );
}
