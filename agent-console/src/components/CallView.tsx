import { Fragment, useCallback } from 'react';
import { AnnotationLayer } from '../annotations/AnnotationLayer.js';
import { AnnotationTools } from '../annotations/AnnotationTools.js';
import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';
import { ConnectionQualityBadge } from './ConnectionQualityBadge.js';
import { TransferControl } from './TransferControl.js';
import { VideoTile } from './VideoTile.js';

export function CallView() {
  const client = useConsoleClient();
  const call = useConsoleState((s) => s.call);
  const local = useConsoleState((s) => s.localPreview);
  const onFirstFrame = useCallback(() => client.markReceiving(), [client]);
  if (!call) return null;

  return (
    <section className="call" aria-label="Live call">
      <div className="stage">
        <VideoTile stream={call.remote} label="User's screen" className="screen" onFirstFrame={onFirstFrame} />
        <AnnotationLayer />
        {!call.receiving && (
          <p className="overlay">
            {call.userPresent
              ? "Waiting for the user's screen…"
              : `The user has left the page. Follow up with them${call.user.email ? ` at ${call.user.email}` : ''}, then end the call.`}
          </p>
        )}
        {call.screenPaused && (
          <p className="overlay" role="status">
            The user paused screen sharing.
          </p>
        )}
        <VideoTile stream={local} label="Your camera" muted className="self" />
      </div>
      <aside className="card context" aria-label="User context">
        <h2>{call.user.name ?? 'User'}</h2>
        {call.handedOver && (
          <div className="handover">
            <p className="muted">Handed over by {call.handedOver.fromAgentName}</p>
            {call.handedOver.note && <blockquote aria-label="Transfer note">{call.handedOver.note}</blockquote>}
          </div>
        )}
        <dl>
          {call.user.plan && (
            <>
              <dt>Plan</dt>
              <dd>{call.user.plan}</dd>
            </>
          )}
          {call.user.email && (
            <>
              <dt>Email</dt>
              <dd>{call.user.email}</dd>
            </>
          )}
          {Object.entries(call.user.attributes ?? {}).map(([key, value]) => (
            <Fragment key={key}>
              <dt>{key}</dt>
              <dd>{String(value)}</dd>
            </Fragment>
          ))}
          <dt>Page</dt>
          <dd>{call.user.pageUrl ?? 'unknown'}</dd>
          <dt>Browser</dt>
          <dd>{call.user.userAgent ?? 'unknown'}</dd>
          <dt>Language</dt>
          <dd>{call.user.language ?? 'unknown'}</dd>
        </dl>
      </aside>
      <div className="actions controls">
        <AnnotationTools />
        {call.recording && <span className="badge">Recording</span>}
        <ConnectionQualityBadge quality={call.quality} />
        {call.userMuted && <span role="status">The user muted their microphone.</span>}
        <button type="button" aria-pressed={call.micMuted} onClick={() => client.toggleMute()}>
          {call.micMuted ? 'Unmute' : 'Mute'}
        </button>
        <TransferControl />
        <button type="button" className="danger" onClick={() => client.endCall()}>
          End call
        </button>
      </div>
    </section>
  );
}
