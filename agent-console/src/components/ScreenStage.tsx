import { useCallback, useRef, useState } from 'react';
import { AnnotationLayer } from '../annotations/AnnotationLayer.js';
import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';
import { PageMirror } from '../pageView/PageMirror.js';
import { VideoTile } from './VideoTile.js';

const ZOOMS = [1, 1.5, 2, 3] as const;

/**
 * What the agent sees of the user, as large as they want it: the live page view (by default),
 * or the screen share once the user agreed to one. Fitted, zoomed (scroll to pan) or full
 * screen; the guiding layer zooms with it, so marks land where the agent put them.
 */
export function ScreenStage() {
  const client = useConsoleClient();
  const call = useConsoleState((s) => s.call);
  const local = useConsoleState((s) => s.localPreview);
  const [zoom, setZoom] = useState<(typeof ZOOMS)[number]>(1);
  const stageRef = useRef<HTMLDivElement>(null);
  const onFirstFrame = useCallback(() => client.markReceiving(), [client]);
  if (!call) return null;

  const step = (by: 1 | -1) => setZoom(ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, ZOOMS.indexOf(zoom) + by))] ?? 1);
  const fullScreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void stageRef.current?.requestFullscreen();
  };
  const size = `${zoom * 100}%`;
  const screen = call.page.shown === 'screen';

  return (
    <div className="stage" ref={stageRef}>
      <div className="stage-scroll" data-zoomed={zoom > 1}>
        {/* Always mounted: the user's voice plays through it, page view or not. */}
        <div className="viewport" style={{ width: size, height: size }} hidden={!screen}>
          <VideoTile stream={call.remote} label="User's screen" className="screen" onFirstFrame={onFirstFrame} />
          {screen && <AnnotationLayer />}
        </div>
        {!screen && <PageMirror zoom={zoom} />}
      </div>
      {!call.receiving && (
        <p className="overlay">
          {call.userPresent
            ? "Waiting for the user's page…"
            : call.user.verified
              ? `Calling ${call.user.name ?? 'the user'} back: their help button rings on any page of the product. Wait for them to answer.`
              : `The user has left the page. Follow up with them${call.user.email ? ` at ${call.user.email}` : ''}, then end the call.`}
        </p>
      )}
      {call.screenPaused && (
        <p className="overlay" role="status">
          The user paused sharing.
        </p>
      )}
      <VideoTile stream={call.cameraOff ? null : local} label="Your camera" muted className="self" />
      <div className="view-controls" role="group" aria-label="Screen view">
        {call.page.screen === 'on' && (
          <>
            <button type="button" aria-pressed={!screen} onClick={() => client.showOnStage('page')}>
              Page
            </button>
            <button type="button" aria-pressed={screen} onClick={() => client.showOnStage('screen')}>
              Screen
            </button>
          </>
        )}
        <button type="button" aria-pressed={zoom === 1} onClick={() => setZoom(1)}>
          Fit
        </button>
        <button type="button" aria-label="Zoom out" disabled={zoom === 1} onClick={() => step(-1)}>
          −
        </button>
        <output aria-label="Zoom level">{Math.round(zoom * 100)}%</output>
        <button type="button" aria-label="Zoom in" disabled={zoom === ZOOMS[ZOOMS.length - 1]} onClick={() => step(1)}>
          +
        </button>
        <button type="button" onClick={fullScreen}>
          Full screen
        </button>
      </div>
    </div>
  );
}
