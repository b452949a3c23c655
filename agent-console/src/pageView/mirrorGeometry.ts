/** Where an agent's pointer falls on the mirrored page: the element there, and the spot within it. */
export interface MirrorTarget {
  /** rrweb's node id of the element, the same id on the user's page. */
  on: number;
  /** Fractions of the element's box (anchors survive scrolls, resizes and reflows). */
  x: number;
  y: number;
  element: Element;
}

const round = (v: number) => Math.round(v * 10_000) / 10_000;

/** The scale that fits a viewport of this size into the space available, never above 1.5. */
export function fitScale(
  viewport: { width: number; height: number },
  space: { width: number; height: number },
): number {
  if (!viewport.width || !viewport.height || !space.width || !space.height) return 1;
  return Math.min(1.5, space.width / viewport.width, space.height / viewport.height);
}

/** Fractions of `box` at a point (both in the mirror's own coordinates). */
export function fractionsOf(box: { left: number; top: number; width: number; height: number }, x: number, y: number) {
  return { x: round((x - box.left) / (box.width || 1)), y: round((y - box.top) / (box.height || 1)) };
}

/**
 * The element under a client position on the scaled mirror. `frame` is the mirror's iframe,
 * `scale` the zoom applied to it; `idOf` is the replayer's mirror (node -> rrweb id).
 */
export function targetAt(
  frame: HTMLIFrameElement,
  scale: number,
  clientX: number,
  clientY: number,
  idOf: (node: Node) => number,
): MirrorTarget | null {
  const rect = frame.getBoundingClientRect();
  const x = (clientX - rect.left) / scale;
  const y = (clientY - rect.top) / scale;
  const element = frame.contentDocument?.elementFromPoint(x, y);
  const on = element ? idOf(element) : -1;
  if (!element || on <= 0) return null;
  return { on, element, ...fractionsOf(element.getBoundingClientRect(), x, y) };
}
