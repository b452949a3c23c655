/** The button's label in each language the panel speaks, by language subtag; English otherwise. */
const LABELS: Record<string, string> = {
  de: 'Hilfe',
  fr: 'Aide',
  es: 'Ayuda',
  pt: 'Ajuda',
  it: 'Aiuto',
  nl: 'Hulp',
  ja: 'ヘルプ',
  ar: 'مساعدة',
};

/**
 * The loader's only words: the button's label, which is also its accessible name. The panel
 * carries the rest (panel/i18n).
 */
export function buttonLabel(locale: string): string {
  return LABELS[locale.slice(0, 2).toLowerCase()] ?? 'Help';
}
