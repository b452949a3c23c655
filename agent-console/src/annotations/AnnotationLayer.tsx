import { useEffect, useRef } from 'react';
import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';
import { contentBox, toFraction } from './geometry.js';

const ECHO_MS = 6_000;
const POINTER_INTERVAL_MS = 33;

/**
 * A transparent layer over the user's screen: with the pointer tool the agent's cursor shows on
 * the user's page; with the pen, strokes are drawn there. The agent sees their own strokes too.
 */
export function AnnotationLayer() {
  const client = useConsoleClient();
  const tool = useConsoleState((s) => s.annotation.tool);
  const colour = useConsoleState((s) => s.annotation.colour);
  const clearedAt = useConsoleState((s) => s.annotation.clearedAt);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const echo = useRef<Array<{ from: [number, number]; to: [number, number]; colour: string; at: number }>>([]);

  useEffect(() => {
    if (clearedAt) echo.current = [];
  }, [clearedAt]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const video = canvas?.parentElement?.querySelector('video.screen') as HTMLVideoElement | null;
    if (!canvas || !video || !tool) return;
    let stroke: { id: string; last: [number, number] } | null = null;
    let lastPointAt = 0;
    let frame = 0;

    const paint = () => {
      frame = 0;
      const box = contentBox(video);
      const rect = canvas.getBoundingClientRect();
      canvas.width = rect.width;
      canvas.height = rect.height;
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      const now = performance.now();
      echo.current = echo.current.filter((s) => now - s.at < ECHO_MS);
      ctx.lineWidth = 4;
      ctx.lineCap = 'round';
      for (const s of echo.current) {
        ctx.strokeStyle = s.colour;
        ctx.beginPath();
        ctx.moveTo(box.left - rect.left + s.from[0] * box.width, box.top - rect.top + s.from[1] * box.height);
        ctx.lineTo(box.left - rect.left + s.to[0] * box.width, box.top - rect.top + s.to[1] * box.height);
        ctx.stroke();
      }
      if (echo.current.length) frame = requestAnimationFrame(paint);
    };
    const at = (e: PointerEvent) => toFraction(contentBox(video), e.clientX, e.clientY);

    const down = (e: PointerEvent) => {
      const p = at(e);
      if (tool !== 'pen' || !p) return;
      canvas.setPointerCapture(e.pointerId);
      stroke = { id: crypto.randomUUID().slice(0, 8), last: p };
    };
    const move = (e: PointerEvent) => {
      const p = at(e);
      if (!p) return;
      if (tool === 'pointer') {
        if (e.timeStamp - lastPointAt < POINTER_INTERVAL_MS) return;
        lastPointAt = e.timeStamp;
        return client.annotate({ t: 'point', x: p[0], y: p[1] });
      }
      if (!stroke) return;
      client.annotate({ t: 'draw', id: stroke.id, colour, from: stroke.last, to: p });
      echo.current.push({ from: stroke.last, to: p, colour, at: performance.now() });
      stroke.last = p;
      if (!frame) frame = requestAnimationFrame(paint);
    };
    const up = () => {
      stroke = null;
    };
    canvas.addEventListener('pointerdown', down);
    canvas.addEventListener('pointermove', move);
    canvas.addEventListener('pointerup', up);
    canvas.addEventListener('pointercancel', up);
    paint();
    return () => {
      cancelAnimationFrame(frame);
      canvas.removeEventListener('pointerdown', down);
      canvas.removeEventListener('pointermove', move);
      canvas.removeEventListener('pointerup', up);
      canvas.removeEventListener('pointercancel', up);
    };
  }, [client, tool, colour]);

  return (
    <canvas
      ref={canvasRef}
      className={`annotation-layer tool-${tool ?? 'none'}`}
      aria-label={tool ? `Draw on the user's screen (${tool})` : undefined}
      aria-hidden={tool ? undefined : true}
    />
  );
}
