import type { Annotation, AnnotationColour } from '@lifeline/shared/annotations';

/** How long a stroke stays fully visible, then how long it fades; the pointer's afterglow. */
const STROKE_VISIBLE_MS = 5_000;
const FADE_MS = 1_000;
const POINTER_MS = 1_500;
const HIGHLIGHT_MS = 15_000;

type Segment = [[number, number], [number, number]];
interface Stroke {
  colour: AnnotationColour;
  segments: Segment[];
  /** The page view element the stroke is drawn on; none: fractions of the viewport. */
  on: number | undefined;
  lastAt: number;
}

/** The live element behind a page view node id (none before the page view runs). */
export type ElementLookup = (id: number) => Element | null;

/**
 * The agent's pointer, drawings and spotlight over the host page: one transparent canvas over
 * the whole viewport that never takes a click (pointer-events: none). A mark anchored to an
 * element is placed from that element's box at every frame, so it stays on it through scrolls,
 * resizes and reflows; other marks are fractions of the viewport (the screen share's picture).
 * Marks fade after a few seconds; with reduced motion they vanish at once instead of fading.
 */
export class AnnotationOverlay {
  readonly canvas = document.createElement('canvas');
  private readonly strokes = new Map<string, Stroke>();
  private pointer: { x: number; y: number; on: number | undefined; at: number } | null = null;
  private highlight: { on: number; at: number } | null = null;
  /** Set once the page view runs: anchors resolve to the user's live elements through it. */
  lookup: ElementLookup = () => null;
  private frame = 0;
  private readonly reducedMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;

  constructor(root: ShadowRoot) {
    this.canvas.className = 'annotations';
    this.canvas.setAttribute('aria-hidden', 'true');
    root.append(this.canvas);
  }

  /** True while something the agent drew is still on screen. */
  get hasDrawings(): boolean {
    return this.strokes.size > 0;
  }

  handle(annotation: Annotation): void {
    const now = performance.now();
    switch (annotation.t) {
      case 'point':
        this.pointer = { x: annotation.x, y: annotation.y, on: annotation.on, at: now };
        break;
      case 'draw': {
        const stroke = this.strokes.get(annotation.id) ?? {
          colour: annotation.colour,
          segments: [],
          on: annotation.on,
          lastAt: now,
        };
        stroke.segments.push([annotation.from, annotation.to]);
        stroke.lastAt = now;
        this.strokes.set(annotation.id, stroke);
        break;
      }
      case 'highlight':
        this.highlight = { on: annotation.on, at: now };
        break;
      case 'scrollTo':
        this.lookup(annotation.on)?.scrollIntoView({
          block: 'center',
          behavior: this.reducedMotion ? 'auto' : 'smooth',
        });
        break;
      case 'clear':
        this.strokes.clear();
        this.highlight = null;
        break;
    }
    this.schedule();
  }

  /** Where on the screen a mark lands (viewport pixels), to keep the panel out of its way. */
  placeOf(annotation: Annotation): { left: number; top: number; right: number; bottom: number } | null {
    const around = (x: number, y: number, r = 24) => ({ left: x - r, top: y - r, right: x + r, bottom: y + r });
    switch (annotation.t) {
      case 'point':
      case 'draw': {
        const box = this.box(annotation.on);
        const [x, y] = annotation.t === 'point' ? [annotation.x, annotation.y] : annotation.to;
        return box ? around(box.left + x * box.width, box.top + y * box.height) : null;
      }
      case 'highlight': {
        const box = this.box(annotation.on);
        return box ? { left: box.left, top: box.top, right: box.left + box.width, bottom: box.top + box.height } : null;
      }
      default:
        return null;
    }
  }

  clear(): void {
    this.strokes.clear();
    this.pointer = null;
    this.highlight = null;
    this.schedule();
  }

  remove(): void {
    cancelAnimationFrame(this.frame);
    this.canvas.remove();
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.render());
  }

  private render(): void {
    this.frame = 0;
    const now = performance.now();
    const ratio = devicePixelRatio || 1;
    const width = innerWidth;
    const height = innerHeight;
    if (this.canvas.width !== Math.round(width * ratio)) this.canvas.width = Math.round(width * ratio);
    if (this.canvas.height !== Math.round(height * ratio)) this.canvas.height = Math.round(height * ratio);
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    this.renderHighlight(ctx, now, width, height);
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.lineWidth = 4;
    for (const [id, stroke] of this.strokes) {
      const alpha = this.opacity(now - stroke.lastAt, STROKE_VISIBLE_MS);
      const box = this.box(stroke.on);
      if (alpha <= 0) {
        this.strokes.delete(id);
        continue;
      }
      if (!box) continue;
      ctx.globalAlpha = alpha;
      ctx.strokeStyle = stroke.colour;
      ctx.beginPath();
      for (const [[x1, y1], [x2, y2]] of stroke.segments) {
        ctx.moveTo(box.left + x1 * box.width, box.top + y1 * box.height);
        ctx.lineTo(box.left + x2 * box.width, box.top + y2 * box.height);
      }
      ctx.stroke();
    }
    if (this.pointer) {
      const alpha = this.opacity(now - this.pointer.at, POINTER_MS);
      const box = this.box(this.pointer.on);
      if (alpha <= 0) this.pointer = null;
      else if (box) {
        ctx.globalAlpha = alpha;
        ctx.fillStyle = '#ff3b30';
        ctx.beginPath();
        ctx.arc(box.left + this.pointer.x * box.width, box.top + this.pointer.y * box.height, 9, 0, Math.PI * 2);
        ctx.fill();
      }
    }
    ctx.globalAlpha = 1;
    if (this.strokes.size > 0 || this.pointer || this.highlight) this.schedule();
  }

  /** The page dimmed around one element, with a ring round it. */
  private renderHighlight(ctx: CanvasRenderingContext2D, now: number, width: number, height: number): void {
    if (!this.highlight) return;
    const alpha = this.opacity(now - this.highlight.at, HIGHLIGHT_MS);
    const box = this.box(this.highlight.on);
    if (alpha <= 0) this.highlight = null;
    if (alpha <= 0 || !box) return;
    const pad = 6;
    ctx.globalAlpha = alpha;
    ctx.fillStyle = 'rgba(0, 0, 0, 0.55)';
    ctx.fillRect(0, 0, width, height);
    ctx.clearRect(box.left - pad, box.top - pad, box.width + 2 * pad, box.height + 2 * pad);
    ctx.strokeStyle = '#ffcc00';
    ctx.lineWidth = 3;
    ctx.strokeRect(box.left - pad, box.top - pad, box.width + 2 * pad, box.height + 2 * pad);
    ctx.globalAlpha = 1;
  }

  /** Where a mark's fractions apply now: its element's box, or the viewport. */
  private box(on: number | undefined): { left: number; top: number; width: number; height: number } | null {
    if (on === undefined) return { left: 0, top: 0, width: innerWidth, height: innerHeight };
    const element = this.lookup(on);
    return element?.isConnected ? element.getBoundingClientRect() : null;
  }

  /** Full for `visibleMs`, then a fade (or, with reduced motion, gone at once). */
  private opacity(age: number, visibleMs: number): number {
    if (age < visibleMs) return 1;
    if (this.reducedMotion) return 0;
    return Math.max(0, 1 - (age - visibleMs) / FADE_MS);
  }
}
