/**
 * The loader's only words: the button's label, which is also its accessible name. The panel
 * carries the rest (panel/strings.ts).
 */
export function buttonLabel(locale: string): string {
  return locale.toLowerCase().startsWith('de') ? 'Hilfe' : 'Help';
}
