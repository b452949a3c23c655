import { parse } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import { expect, test } from 'vitest';
import { BUTTON_MESSAGES } from '../../button/availability.js';
import { ARGUMENT, LITERAL } from '../../button/messages.js';
import ar from './ar.json';
import type { Catalog } from './catalog.js';
import de from './de.json';
import en from './en.json';
import es from './es.json';
import fr from './fr.json';
import it from './it.json';
import ja from './ja.json';
import nl from './nl.json';
import pt from './pt.json';

const CATALOGS: Record<string, Catalog> = { en, de, fr, es, pt, it, nl, ja, ar };

/** The placeholders a message uses ({agent}, {n}, …), whatever the plural or select around them. */
const placeholders = (message: string) =>
  [...new Set([...message.matchAll(/\{([a-z]\w*)[,}]/g)].map(([, name]) => name))].sort();

const SAMPLE = { n: 3, agent: 'Alex', when: 'Mon 09:00', why: 'full', in: 'in 2 minutes', within: '5 minutes' };

test.each(Object.entries(CATALOGS))(
  '%s says every sentence, with the same placeholders as English, and each one formats',
  (locale, catalog) => {
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
    for (const [key, message] of Object.entries(catalog)) {
      const english = en[key as keyof Catalog];
      expect([key, placeholders(message)]).toEqual([key, placeholders(english)]);
      for (const n of [0, 1, 2, 5, 11, 100]) {
        const formatted = String(new IntlMessageFormat(message, locale).format({ ...SAMPLE, n, agent: 'Alex' }));
        expect(formatted.length).toBeGreaterThan(0);
        expect(formatted).not.toMatch(/[{}]/);
      }
      // Some sentences name no agent: "We will call you back".
      if (message.includes('select'))
        expect(String(new IntlMessageFormat(message, locale).format({ ...SAMPLE, agent: 'none' }))).not.toContain(
          'none',
        );
    }
  },
);

test.each(Object.entries(CATALOGS))(
  "%s: the button's sentences are text and {arguments} only, as the button formats them",
  (_locale, catalog) => {
    for (const key of BUTTON_MESSAGES) {
      const kinds = parse(catalog[key]).map((part) =>
        part.type === LITERAL || part.type === ARGUMENT ? 'plain' : part.type,
      );
      expect([key, [...new Set(kinds)]]).toEqual([key, ['plain']]);
    }
  },
);
