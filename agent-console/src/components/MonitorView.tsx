import { useMemo } from 'react';
import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';
import { VideoTile } from './VideoTile.js';

/** A live call watched silently: the user's screen and the agent's camera, nothing sent back. */
export function MonitorView() {
  const monitoring = useConsoleState((s) => s.monitoring);
  const client = useConsoleClient();
  const streams = useMemo(
    () =>
      (monitoring?.tracks ?? []).map((track) => ({ id: track.id, kind: track.kind, stream: new MediaStream([track]) })),
    [monitoring?.tracks],
  );
  if (!monitoring) return null;
  return (
    <section className="monitor" aria-label="Monitoring a call">
      <p role="status">
        {monitoring.error
          ? `Monitoring failed: ${monitoring.error}`
          : 'Monitoring silently: neither the user nor the agent can see or hear you.'}
      </p>
      {streams
        .filter((s) => s.kind === 'video')
        .map((s) => (
          <VideoTile key={s.id} stream={s.stream} label="Monitored video" />
        ))}
      {streams
        .filter((s) => s.kind === 'audio')
        .map((s) => (
          <VideoTile key={s.id} stream={s.stream} label="Monitored audio" className="hidden-audio" />
        ))}
      <button type="button" onClick={() => client.supervision.stopMonitoring()}>
        Stop monitoring
      </button>
    </section>
  );
}
