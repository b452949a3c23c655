import type { Annotation, AnnotationColour } from '@lifeline/shared/annotations';

/** How long a stroke stays fully visible, then how long it fades; the pointer's afterglow. */
const STROKE_VISIBLE_MS = 5_000;
const FADE_MS = 1_000;
const POINTER_MS = 1_500;

type Segment = [[number, number], [number, number]];
interface Stroke {
  colour: AnnotationColour;
  segments: Segment[];
  lastAt: number;
}

/**
 * The agent's pointer and drawings over the host page: one transparent canvas over the whole
 * viewport that never takes a click (pointer-events: none). Points are fractions of the shared
 * picture, which for the shared tab is this viewport. Drawings fade after a few seconds; with
 * reduced motion they vanish at once instead of fading.
 */
export class AnnotationOverlay {
  readonly canvas = document.createElement('canvas');
  private readonly strokes = new Map<string, Stroke>();
  private pointer: { x: number; y: number; at: number } | null = null;
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
        this.pointer = { x: annotation.x, y: annotation.y, at: now };
        break;
      case 'draw': {
        const stroke = this.strokes.get(annotation.id) ?? { colour: annotation.colour, segments: [], lastAt: now };
        stroke.segments.push([annotation.from, annotation.to]);
        stroke.lastAt = now;
        this.strokes.set(annotation.id, stroke);
        break;
      }
      case 'clear':
        this.strokes.clear();
        break;
    }
    this.schedule();
  }

  clear(): void {
    this.strokes.clear();
    this.pointer = null;
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
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.lineWidth = 4;
    for (const [id, stroke] of this.strokes) {
      const alpha = this.opacity(now - stroke.lastAt, STROKE_VISIBLE_MS);
      if (alpha <= 0) {
        this.strokes.delete(id);
        continue;
      }
      ctx.globalAlpha = alpha;
      ctx.strokeStyle = stroke.colour;
      ctx.beginPath();
      for (const [[x1, y1], [x2, y2]] of stroke.segments) {
        ctx.moveTo(x1 * width, y1 * height);
        ctx.lineTo(x2 * width, y2 * height);
      }
      ctx.stroke();
    }
    if (this.pointer) {
      const alpha = this.opacity(now - this.pointer.at, POINTER_MS);
      if (alpha <= 0) this.pointer = null;
      else {
        ctx.globalAlpha = alpha;
        ctx.fillStyle = '#ff3b30';
        ctx.beginPath();
        ctx.arc(this.pointer.x * width, this.pointer.y * height, 9, 0, Math.PI * 2);
        ctx.fill();
      }
    }
    ctx.globalAlpha = 1;
    if (this.strokes.size > 0 || this.pointer) this.schedule();
  }

  /** Full for `visibleMs`, then a fade (or, with reduced motion, gone at once). */
  private opacity(age: number, visibleMs: number): number {
    if (age < visibleMs) return 1;
    if (this.reducedMotion) return 0;
    return Math.max(0, 1 - (age - visibleMs) / FADE_MS);
  }
}
