import { useEffect } from 'react';
import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';
import { useNow } from '../hooks/useNow.js';
import { browserAndOs } from './browserName.js';
import { PreviousSessions } from './PreviousSessions.js';

export function IncomingOffer() {
  const client = useConsoleClient();
  const offer = useConsoleState((s) => s.offer);
  const now = useNow(500);
  // A and D answer from the keyboard, unless the agent is typing somewhere.
  useEffect(() => {
    if (!offer) return;
    const onKey = (e: KeyboardEvent) => {
      const typing = (e.target as HTMLElement | null)?.closest('input, textarea, select, [contenteditable]');
      if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'a' || e.key === 'A') client.accept();
      if (e.key === 'd' || e.key === 'D') client.decline();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [offer, client]);
  if (!offer) return null;
  const waitedS = Math.max(0, Math.round((now - offer.requestedAt) / 1000));
  const leftS = Math.max(0, Math.round((offer.expiresAt - now) / 1000));

  return (
    <section className="card offer" aria-labelledby="offer-title">
      <h2 id="offer-title">
        {offer.transfer
          ? `Transfer from ${offer.transfer.fromAgentName}`
          : offer.callback
            ? 'Callback request'
            : 'Incoming help request'}
      </h2>
      {offer.followUp && (
        <div className="handover-note" role="group" aria-label="Callback promise">
          <p>
            {offer.followUp.ownerName ? `Promised by ${offer.followUp.ownerName}` : 'Booked by the user'} for{' '}
            {new Date(offer.followUp.dueAt).toLocaleString()}
          </p>
          {offer.followUp.note && <blockquote aria-label="Callback note">{offer.followUp.note}</blockquote>}
          {offer.followUp.handoffNote && (
            <blockquote aria-label="Handoff note">{offer.followUp.handoffNote}</blockquote>
          )}
        </div>
      )}
      {offer.transfer?.note && (
        <blockquote className="handover-note" aria-label="Transfer note">
          {offer.transfer.note}
        </blockquote>
      )}
      <dl>
        {offer.user.name && (
          <>
            <dt>Who</dt>
            <dd>
              {offer.user.name}
              {offer.user.plan ? ` (${offer.user.plan})` : ''}
            </dd>
          </>
        )}
        <dt>Page</dt>
        <dd>{offer.user.pageTitle ?? offer.user.pageUrl ?? 'unknown'}</dd>
        {offer.user.language && (
          <>
            <dt>Language</dt>
            <dd>{offer.user.language}</dd>
          </>
        )}
        <dt>Browser</dt>
        <dd>{browserAndOs(offer.user.userAgent)}</dd>
        <dt>Waiting</dt>
        <dd>{waitedS} s</dd>
      </dl>
      <PreviousSessions sessionId={offer.sessionId} />
      <p className="muted">Answer within {leftS} s</p>
      <div className="actions">
        <button type="button" className="primary" aria-keyshortcuts="A" onClick={() => client.accept()}>
          Accept
        </button>
        <button type="button" aria-keyshortcuts="D" onClick={() => client.decline()}>
          Decline
        </button>
        <span className="muted">Keys: A accept, D decline</span>
      </div>
    </section>
  );
}
