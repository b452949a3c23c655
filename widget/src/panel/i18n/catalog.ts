import type english from './en.json';

/**
 * A language's sentences: ICU MessageFormat strings in a JSON file per language (the format
 * translation tools read), keyed as English is. The panel's build precompiles them into message
 * ASTs, so the ICU parser never ships (vite.panel.config.ts).
 */
export type Catalog = Record<keyof typeof english, string>;
