/**
 * Pointer, drawings and guiding from the agent to the user's page, over the media data channel
 * (or LiveKit's data topic).
 *
 * Coordinates are fractions of a box, so a point lands on the same spot whatever the two
 * windows' sizes. Without `on`, the box is the shared picture (a screen share: the viewport).
 * With `on`, it is the element of the page view with that rrweb node id: the mark stays on its
 * element when the user scrolls, resizes or the layout reflows. A stroke may leave its element,
 * so anchored fractions may fall outside 0..1.
 *
 * Hand-written guards, not zod: this module is in the widget's panel, whose size is budgeted.
 */
export const ANNOTATION_COLOURS = ['#ff3b30', '#ffcc00', '#1f5eff'] as const;
export type AnnotationColour = (typeof ANNOTATION_COLOURS)[number];

export type Annotation =
  /** The laser pointer moved. */
  | { t: 'point'; x: number; y: number; on?: number }
  /** A pen stroke grew by one segment; a stroke keeps the anchor it started on. */
  | { t: 'draw'; id: string; colour: AnnotationColour; from: [number, number]; to: [number, number]; on?: number }
  /** A spotlight around one element of the page view, until cleared. */
  | { t: 'highlight'; on: number }
  /** Bring one element of the page view into the user's view. */
  | { t: 'scrollTo'; on: number }
  /** Remove every drawing and the spotlight now. */
  | { t: 'clear' };

/** How far outside its element an anchored stroke may go, in element sizes. */
const ANCHORED_REACH = 50;

const nodeId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const coordinate = (v: unknown, anchored: boolean): v is number =>
  typeof v === 'number' && (anchored ? Math.abs(v) <= ANCHORED_REACH : v >= 0 && v <= 1);
const point = (v: unknown, anchored: boolean): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && coordinate(v[0], anchored) && coordinate(v[1], anchored);

/** The annotation in a data message, or null for anything malformed (it is ignored). */
export function parseAnnotation(raw: string): Annotation | null {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  if (value.on !== undefined && !nodeId(value.on)) return null;
  const on = value.on as number | undefined;
  const anchor = on === undefined ? {} : { on };
  switch (value.t) {
    case 'point':
      return coordinate(value.x, !!on) && coordinate(value.y, !!on)
        ? { t: 'point', x: value.x, y: value.y, ...anchor }
        : null;
    case 'draw': {
      const { id, colour, from, to } = value;
      const known = ANNOTATION_COLOURS.includes(colour as AnnotationColour);
      if (typeof id !== 'string' || id.length > 64 || !known || !point(from, !!on) || !point(to, !!on)) return null;
      return { t: 'draw', id, colour: colour as AnnotationColour, from, to, ...anchor };
    }
    case 'highlight':
    case 'scrollTo':
      return on ? { t: value.t, on } : null;
    case 'clear':
      return { t: 'clear' };
    default:
      return null;
  }
}
