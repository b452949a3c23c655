import { parse } from '@formatjs/icu-messageformat-parser';
import type { Plugin } from 'vite';

/**
 * The widget adds exactly one global to the host page (`Lifeline`). zod keeps its settings on
 * `globalThis.__zod_globalConfig`; the panel's own copy of zod keeps them in its module instead,
 * so decoding frames leaves no trace on the customer's page (the embedding test checks).
 */
export function zodConfigStaysLocal(): Plugin {
  return {
    name: 'zod-config-stays-local',
    transform(code, id) {
      if (!/zod[\\/]v4[\\/]core[\\/]core\.js$/.test(id)) return null;
      const local = code
        .replace(/\(_a = globalThis\)\.__zod_globalConfig \?\? \(_a\.__zod_globalConfig = \{\}\);\n/, '')
        .replace('export const globalConfig = globalThis.__zod_globalConfig;', 'export const globalConfig = {};')
        .replaceAll('globalThis.__zod_globalConfig', 'globalConfig');
      if (local.includes('__zod_globalConfig'))
        this.error('zod changed how it keeps its global config: update this plugin');
      return { code: local, map: null };
    },
  };
}

/**
 * The panel's sentences are ICU messages in JSON (src/panel/i18n/*.json); they ship parsed, as
 * message ASTs, so the ICU parser stays out of the panel (intl-messageformat formats ASTs as is).
 * A message that does not parse fails the build.
 */
export function precompileMessages(): Plugin {
  return {
    name: 'precompile-messages',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]panel[\\/]i18n[\\/]\w+\.json$/.test(id)) return null;
      const messages = JSON.parse(code) as Record<string, string>;
      const parsed = Object.fromEntries(Object.entries(messages).map(([key, message]) => [key, parse(message)]));
      return { code: JSON.stringify(parsed), map: null };
    },
  };
}
