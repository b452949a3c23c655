import { describeTarget } from '@lifeline/shared/pageView';
import type { Replayer } from '@rrweb/replay';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';
import { fractionsOf, type MirrorTarget, targetAt } from './mirrorGeometry.js';

const POINTER_INTERVAL_MS = 33;
const FIELD = 'input, textarea';

/**
 * The agent's tools over the mirrored page. Every mark names the element under the agent's
 * pointer (by its rrweb id, the same on the user's page) and a spot within it, so on the
 * user's page it stays on that element whatever they scroll or resize.
 */
export function MirrorGuide({ replayer, scale }: { replayer: Replayer; scale: number }) {
  const client = useConsoleClient();
  const tool = useConsoleState((s) => s.annotation.tool);
  const colour = useConsoleState((s) => s.annotation.colour);
  const layerRef = useRef<HTMLDivElement>(null);
  const [marked, setMarked] = useState<{ box: DOMRect; label: string } | null>(null);
  const [typing, setTyping] = useState<{ on: number; label: string } | null>(null);

  useEffect(() => {
    const layer = layerRef.current;
    if (!layer || !tool) return;
    const at = (e: PointerEvent): MirrorTarget | null =>
      targetAt(replayer.iframe, scale, e.clientX, e.clientY, (node) => replayer.getMirror().getId(node));
    let stroke: { id: string; on: number; element: Element } | null = null;
    let last: [number, number] = [0, 0];
    let lastPointAt = 0;

    const down = (e: PointerEvent) => {
      const target = at(e);
      if (!target) return;
      const label = describeTarget(target.element, false);
      if (tool === 'pen') {
        layer.setPointerCapture(e.pointerId);
        stroke = { id: crypto.randomUUID().slice(0, 8), on: target.on, element: target.element };
        last = [target.x, target.y];
      } else if (tool === 'highlight' || tool === 'scrollTo') {
        client.annotate({ t: tool, on: target.on });
        setMarked({ box: target.element.getBoundingClientRect(), label });
      } else if (tool === 'control') {
        if (target.element.matches(FIELD)) setTyping({ on: target.on, label });
        else client.requestOfPage({ t: 'act', a: 'click', on: target.on });
      }
    };
    const move = (e: PointerEvent) => {
      if (tool === 'pointer') {
        if (e.timeStamp - lastPointAt < POINTER_INTERVAL_MS) return;
        lastPointAt = e.timeStamp;
        const target = at(e);
        if (target) client.annotate({ t: 'point', x: target.x, y: target.y, on: target.on });
        return;
      }
      if (!stroke) return;
      const rect = replayer.iframe.getBoundingClientRect();
      const spot = fractionsOf(
        stroke.element.getBoundingClientRect(),
        (e.clientX - rect.left) / scale,
        (e.clientY - rect.top) / scale,
      );
      const to: [number, number] = [spot.x, spot.y];
      client.annotate({ t: 'draw', id: stroke.id, colour, from: last, to, on: stroke.on });
      last = to;
    };
    const up = () => {
      stroke = null;
    };
    layer.addEventListener('pointerdown', down);
    layer.addEventListener('pointermove', move);
    layer.addEventListener('pointerup', up);
    layer.addEventListener('pointercancel', up);
    return () => {
      layer.removeEventListener('pointerdown', down);
      layer.removeEventListener('pointermove', move);
      layer.removeEventListener('pointerup', up);
      layer.removeEventListener('pointercancel', up);
    };
  }, [client, replayer, scale, tool, colour]);

  const send = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const value = new FormData(e.currentTarget).get('text');
    if (typing && typeof value === 'string') client.requestOfPage({ t: 'act', a: 'input', on: typing.on, v: value });
    setTyping(null);
  };

  return (
    <>
      <div
        ref={layerRef}
        className={`mirror-guide tool-${tool ?? 'none'}`}
        role="application"
        aria-label={`Guide on the user's page (${tool ?? 'no tool'})`}
        aria-hidden={tool ? undefined : true}
      />
      {marked && tool === 'highlight' && (
        <div
          className="mirror-mark"
          style={{
            left: marked.box.left * scale,
            top: marked.box.top * scale,
            width: marked.box.width * scale,
            height: marked.box.height * scale,
          }}
          title={marked.label}
        />
      )}
      {typing && (
        <form className="mirror-typing card" onSubmit={send} aria-label="Type on the user's page">
          <label>
            Type into {typing.label}
            {/* biome-ignore lint/a11y/noAutofocus: the agent just picked this field to type into */}
            <input name="text" autoComplete="off" autoFocus />
          </label>
          <button type="submit">Send</button>
          <button type="button" className="link" onClick={() => setTyping(null)}>
            Cancel
          </button>
        </form>
      )}
    </>
  );
}
