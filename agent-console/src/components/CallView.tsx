import { AnnotationTools } from '../annotations/AnnotationTools.js';
import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';
import { useNow } from '../hooks/useNow.js';
import { ConnectionQualityBadge } from './ConnectionQualityBadge.js';
import { ContextPanel } from './ContextPanel.js';
import { FollowUpForm } from './FollowUpForm.js';
import { minutesSeconds } from './labels.js';
import { ScreenStage } from './ScreenStage.js';
import { TransferControl } from './TransferControl.js';

export function CallView() {
  const client = useConsoleClient();
  const call = useConsoleState((s) => s.call);
  if (!call) return null;

  return (
    <section className="call" aria-label="Live call">
      <ScreenStage />
      <ContextPanel />
      <div className="actions controls">
        <AnnotationTools />
        {call.recording && <span className="badge">Recording</span>}
        <ConnectionQualityBadge quality={call.quality} />
        <CallTimer since={call.since} />
        {call.userMuted && <span role="status">The user muted their microphone.</span>}
        <button type="button" aria-pressed={call.micMuted} onClick={() => client.toggleMute()}>
          {call.micMuted ? 'Unmute' : 'Mute'}
        </button>
        <button type="button" aria-pressed={call.cameraOff} onClick={() => client.toggleCamera()}>
          {call.cameraOff ? 'Camera on' : 'Camera off'}
        </button>
        <TransferControl />
        <button type="button" className="danger" onClick={() => client.endCall()}>
          End call
        </button>
      </div>
      {call.user.verified && <FollowUpForm key={call.sessionId} sessionId={call.sessionId} />}
    </section>
  );
}

/** How long the call has lasted, counting each second. */
function CallTimer({ since }: { since: number }) {
  const now = useNow(1000);
  return (
    <span role="timer" className="badge call-timer" aria-label="Call time">
      {minutesSeconds(now - since)}
    </span>
  );
}
