import { Replayer } from '@rrweb/replay';
import '@rrweb/replay/dist/style.css';
import { useEffect, useRef, useState } from 'react';
import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';
import { MirrorGuide } from './MirrorGuide.js';
import { fitScale } from './mirrorGeometry.js';

const META = 4;
const INCREMENTAL = 3;
const MOUSE_MOVE = 1;
const TOUCH_MOVE = 6;
type ReplayedEvent = Parameters<Replayer['addEvent']>[0];

/**
 * rrweb's live mode plays each event when the user's clock, counted from a baseline, says so;
 * a late first batch (the data channel opening) would then delay every later event as much.
 * Instead every event is cast on arrival: timestamped just before the baseline ("already
 * due", applied at once), except pointer movements, timestamped now so rrweb still animates
 * the user's cursor along its path.
 */
const BASELINE = 1;
function onArrival(event: { type: number; data: unknown }, sinceStartMs: number): ReplayedEvent {
  const source = (event.data as { source?: number } | null)?.source;
  const moving = event.type === INCREMENTAL && (source === MOUSE_MOVE || source === TOUCH_MOVE);
  return { ...event, timestamp: moving ? BASELINE + sinceStartMs : BASELINE - 1 } as ReplayedEvent;
}

/**
 * The user's page, replayed live with rrweb in a sandboxed iframe the size of the user's
 * viewport, scaled to fit the stage (times the agent's zoom) inside a frame that says how big
 * the user's window is. It follows the user's scrolls, typing (private fields arrive masked)
 * and navigation inside the page; the agent's mouse wheel looks further down the page.
 */
export function PageMirror({ zoom }: { zoom: number }) {
  const client = useConsoleClient();
  const sessionId = useConsoleState((s) => s.call?.sessionId);
  // Each media connection has its own page link (a callback's user answering connects afresh).
  const remote = useConsoleState((s) => s.call?.remote);
  const panel = useConsoleState((s) => s.call?.page.panel);
  const spaceRef = useRef<HTMLDivElement>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const [replayer, setReplayer] = useState<Replayer | null>(null);
  const [viewport, setViewport] = useState<{ width: number; height: number } | null>(null);
  const [space, setSpace] = useState({ width: 0, height: 0 });

  useEffect(() => {
    const link = sessionId ? client.pageView() : null;
    const host = hostRef.current;
    if (!link || !host) return;
    let current: Replayer | null = null;
    let startedAt = 0;
    const unsubscribe = link.subscribe((events) => {
      for (const event of events) {
        // A fresh snapshot (a resume, a resync, the page's periodic checkout) starts a fresh
        // replayer: rrweb's live replayer keeps every event it was given, so this bounds it.
        if (current && event.type === META) {
          current.destroy();
          current = null;
        }
        if (!current) {
          if (event.type !== META) continue;
          current = new Replayer([], {
            root: host,
            liveMode: true,
            mouseTail: false,
            showWarning: false,
            triggerFocus: false,
            // Events cast on arrival go straight to the mirror's DOM.
            useVirtualDom: false,
          });
          // A screen reader names the mirror as what it is (axe: frames must have a title).
          current.iframe.title = "The user's page, live";
          current.on('resize', (size) => setViewport(size as { width: number; height: number }));
          current.on('fullsnapshot-rebuilded', () => client.markReceiving());
          current.startLive(BASELINE);
          startedAt = performance.now();
          setReplayer(current);
        }
        current.addEvent(onArrival(event, performance.now() - startedAt));
      }
    });
    return () => {
      unsubscribe();
      current?.destroy();
      setReplayer(null);
    };
  }, [client, sessionId, remote]);

  useEffect(() => {
    const element = spaceRef.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSpace({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const scale = viewport ? fitScale(viewport, space) * zoom : 1;
  const frameStyle = viewport ? { width: viewport.width * scale, height: viewport.height * scale } : undefined;
  return (
    <div className="mirror-space" ref={spaceRef}>
      {/* The wheel scrolls the mirror itself (the agent looks around the page, e.g. to pick an
          element for Scroll to); the user's next scroll brings it back to what they see. */}
      <figure
        className="mirror-frame"
        style={frameStyle}
        aria-label="User's page"
        onWheel={(e) => replayer?.iframe.contentWindow?.scrollBy(e.deltaX, e.deltaY)}
      >
        <div className="mirror-host" ref={hostRef} style={{ transform: `scale(${scale})` }} />
        {replayer && <MirrorGuide replayer={replayer} scale={scale} />}
        {viewport && panel && (
          // The user cannot see what lies under their help panel: the agent sees where it is.
          <div
            className="mirror-panel"
            role="img"
            aria-label="The help panel on the user's screen"
            style={{ left: panel.x * scale, top: panel.y * scale, width: panel.w * scale, height: panel.h * scale }}
          >
            <span>Help panel</span>
          </div>
        )}
        {viewport && (
          <figcaption className="mirror-size">
            User's window: {viewport.width} × {viewport.height}
          </figcaption>
        )}
      </figure>
    </div>
  );
}
