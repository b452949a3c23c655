import { Replayer } from '@rrweb/replay';
import '@rrweb/replay/dist/style.css';
import { useEffect, useRef, useState } from 'react';
import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';
import { MirrorGuide } from './MirrorGuide.js';
import { fitScale } from './mirrorGeometry.js';

const META = 4;
type ReplayedEvent = Parameters<Replayer['addEvent']>[0];

/**
 * The user's page, replayed live with rrweb in a sandboxed iframe the size of the user's
 * viewport, scaled to fit the stage (times the agent's zoom) inside a frame that says how big
 * the user's window is. It follows the user's scrolls, typing (private fields arrive masked)
 * and navigation inside the page.
 */
export function PageMirror({ zoom }: { zoom: number }) {
  const client = useConsoleClient();
  const sessionId = useConsoleState((s) => s.call?.sessionId);
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
    const unsubscribe = link.subscribe((events) => {
      for (const event of events) {
        if (!current) {
          if (event.type !== META) continue;
          current = new Replayer([], {
            root: host,
            liveMode: true,
            mouseTail: false,
            showWarning: false,
            triggerFocus: false,
          });
          current.on('resize', (size) => setViewport(size as { width: number; height: number }));
          current.on('fullsnapshot-rebuilded', () => client.markReceiving());
          // Live: each event plays as soon as its time (the user's clock, from this first one) has come.
          current.startLive(event.timestamp);
          setReplayer(current);
        }
        current.addEvent(event as ReplayedEvent);
      }
    });
    return () => {
      unsubscribe();
      current?.destroy();
      setReplayer(null);
    };
  }, [client, sessionId]);

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
      <figure className="mirror-frame" style={frameStyle} aria-label="User's page">
        <div className="mirror-host" ref={hostRef} style={{ transform: `scale(${scale})` }} />
        {replayer && <MirrorGuide replayer={replayer} scale={scale} />}
        {viewport && (
          <figcaption className="mirror-size">
            User's window: {viewport.width} × {viewport.height}
          </figcaption>
        )}
      </figure>
    </div>
  );
}
