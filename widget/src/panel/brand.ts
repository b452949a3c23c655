/** The host's brand as the panel shows it: set with data-color / data-brand / data-logo or init(). */
export interface Brand {
  color: string | null;
  brand: string | null;
  logo: string | null;
}

/** WCAG 2 relative luminance of an sRGB colour (0..255 channels). */
export function luminance([r, g, b]: readonly number[]): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r ?? 0) + 0.7152 * linear(g ?? 0) + 0.0722 * linear(b ?? 0);
}

/** WCAG 2 contrast ratio between two luminances, 1 to 21. */
export const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/**
 * The text colour for a fill: black or white, whichever contrasts more. One of them always
 * reaches at least 4.58:1, so a brand colour can never make a button's words unreadable.
 */
export function textOn(rgb: readonly number[]): '#000000' | '#ffffff' {
  const fill = luminance(rgb);
  return contrast(fill, 0) >= contrast(fill, 1) ? '#000000' : '#ffffff';
}

/** Any CSS colour as sRGB channels, as the browser paints it; null if it cannot read it. */
export function paintedRgb(color: string): number[] | null {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16));
  }
  if (!CSS.supports('color', color)) return null;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.fillStyle = color;
  context.fillRect(0, 0, 1, 1);
  return [...context.getImageData(0, 0, 1, 1).data.slice(0, 3)];
}

/** The panel's accent and the colour of words on it, for a brand colour (null: the defaults). */
export function accentFor(color: string | null): { accent: string; onAccent: string } | null {
  const rgb = color ? paintedRgb(color) : null;
  return color && rgb ? { accent: color, onAccent: textOn(rgb) } : null;
}
