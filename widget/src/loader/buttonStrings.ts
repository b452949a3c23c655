/** The loader's only words: the button. The panel carries the rest (panel/strings.ts). */
const BUTTON = {
  en: { label: 'Help', aria: 'Get live help' },
  de: { label: 'Hilfe', aria: 'Live-Hilfe erhalten' },
} as const;

export function buttonStrings(locale: string): { label: string; aria: string } {
  return locale.toLowerCase().startsWith('de') ? BUTTON.de : BUTTON.en;
}
