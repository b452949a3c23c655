/**
 * Pointer and drawings from the agent to the user's page, over the media data channel (or
 * LiveKit's data topic). Coordinates are fractions (0..1) of the shared picture, so a point
 * lands on the same spot of the user's page whatever the two windows' sizes.
 *
 * Hand-written guards, not zod: this module is in the widget's panel, whose size is budgeted.
 */
export const ANNOTATION_COLOURS = ['#ff3b30', '#ffcc00', '#1f5eff'] as const;
export type AnnotationColour = (typeof ANNOTATION_COLOURS)[number];

export type Annotation =
  /** The laser pointer moved. */
  | { t: 'point'; x: number; y: number }
  /** A pen stroke grew by one segment. */
  | { t: 'draw'; id: string; colour: AnnotationColour; from: [number, number]; to: [number, number] }
  /** Remove every drawing now. */
  | { t: 'clear' };

const fraction = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;
const point = (v: unknown): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && fraction(v[0]) && fraction(v[1]);

/** The annotation in a data message, or null for anything malformed (it is ignored). */
export function parseAnnotation(raw: string): Annotation | null {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  switch (value.t) {
    case 'point':
      return fraction(value.x) && fraction(value.y) ? { t: 'point', x: value.x, y: value.y } : null;
    case 'draw': {
      const { id, colour, from, to } = value;
      const known = ANNOTATION_COLOURS.includes(colour as AnnotationColour);
      if (typeof id !== 'string' || id.length > 64 || !known || !point(from) || !point(to)) return null;
      return { t: 'draw', id, colour: colour as AnnotationColour, from, to };
    }
    case 'clear':
      return { t: 'clear' };
    default:
      return null;
  }
}
