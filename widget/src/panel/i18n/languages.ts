/**
 * The languages the widget speaks; each catalog loads on its own, only when needed (the panel and
 * the button's module share these chunks).
 */
export const CATALOGS: Record<string, () => Promise<{ default: unknown }>> = {
  de: () => import('./de.json'),
  fr: () => import('./fr.json'),
  es: () => import('./es.json'),
  pt: () => import('./pt.json'),
  it: () => import('./it.json'),
  nl: () => import('./nl.json'),
  ja: () => import('./ja.json'),
  ar: () => import('./ar.json'),
};

/** Languages written right to left: the panel mirrors for them. */
const RIGHT_TO_LEFT = new Set(['ar', 'he', 'fa', 'ur']);

const primary = (locale: string) => locale.toLowerCase().split('-')[0] ?? 'en';

/** The language the widget will speak for a locale such as `de-AT` (English when it has none). */
export function languageFor(locale: string): string {
  const language = primary(locale);
  return language in CATALOGS ? language : 'en';
}

export const directionOf = (locale: string): 'rtl' | 'ltr' => (RIGHT_TO_LEFT.has(primary(locale)) ? 'rtl' : 'ltr');
