import type { PanelPlace } from '@lifeline/shared/pageView';

export type Box = { left: number; top: number; right: number; bottom: number };

/**
 * Where the panel covers the page, read once each frame is laid out and told when it changed:
 * the agent's mirror shows it, since the user cannot see what lies under it. A change of size
 * (opened, closed, minimised, a new state) is seen by the observer; a move is told by `place()`.
 */
export class PanelPlacement {
  at: PanelPlace | null = null;
  onChange: (at: PanelPlace | null) => void = () => undefined;
  private pending = false;

  constructor(private readonly panel: HTMLElement) {
    new ResizeObserver(() => this.place()).observe(panel);
    addEventListener('resize', () => this.place());
  }

  /** Reads where the panel sits once this frame is laid out, and tells if that changed. */
  place(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      const r = this.panel.getBoundingClientRect();
      const at = this.panel.hidden
        ? null
        : {
            x: Math.max(0, Math.round(r.left)),
            y: Math.max(0, Math.round(r.top)),
            w: Math.round(r.width),
            h: Math.round(r.height),
          };
      if (JSON.stringify(at) === JSON.stringify(this.at)) return;
      this.at = at;
      this.onChange(at);
    });
  }
}

/**
 * Moves the panel off `place` when it covers it: to the other side of the screen, or on an
 * upright phone (the panel spans the width) to the other end. True when it moved.
 */
export function moveAside(panel: HTMLElement, place: Box): boolean {
  const box = panel.getBoundingClientRect();
  const overlaps = place.left < box.right && place.right > box.left && place.top < box.bottom && place.bottom > box.top;
  if (!overlaps) return false;
  if (box.width > innerWidth * 0.6) {
    const goUp = box.top + box.height / 2 > innerHeight / 2;
    panel.style.top = goUp ? '8px' : `${Math.max(0, innerHeight - box.height - 8)}px`;
    panel.style.bottom = 'auto';
    return true;
  }
  const goLeft = box.left + box.width / 2 > innerWidth / 2;
  panel.style.left = goLeft ? '20px' : `${Math.max(0, innerWidth - box.width - 20)}px`;
  panel.style.right = 'auto';
  return true;
}

const STEP_PX = 16;

/**
 * Lets the user move the panel off whatever the agent needs to see: drag the handle, or focus
 * it and use the arrow keys. The panel stays inside the viewport.
 */
export function makeDraggable(panel: HTMLElement, handle: HTMLElement, moved: () => void): void {
  const moveTo = (left: number, top: number) => {
    const maxLeft = Math.max(0, innerWidth - panel.offsetWidth);
    const maxTop = Math.max(0, innerHeight - panel.offsetHeight);
    panel.style.left = `${Math.min(maxLeft, Math.max(0, left))}px`;
    panel.style.top = `${Math.min(maxTop, Math.max(0, top))}px`;
    panel.style.right = 'auto';
    panel.style.bottom = 'auto';
    moved();
  };
  handle.addEventListener('pointerdown', (down) => {
    const start = panel.getBoundingClientRect();
    const offset = { x: down.clientX - start.left, y: down.clientY - start.top };
    handle.setPointerCapture(down.pointerId);
    const move = (e: PointerEvent) => moveTo(e.clientX - offset.x, e.clientY - offset.y);
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  });
  handle.addEventListener('keydown', (e) => {
    const delta = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key];
    if (!delta) return;
    e.preventDefault();
    const at = panel.getBoundingClientRect();
    moveTo(at.left + (delta[0] ?? 0) * STEP_PX, at.top + (delta[1] ?? 0) * STEP_PX);
  });
}
