import { afterEach, expect, test } from 'vitest';
import { buttonLabel } from './buttonStrings.js';
import { defaultConfig, effectiveTheme, resolveConfig } from './config.js';

afterEach(() => {
  document.documentElement.lang = '';
  document.documentElement.style.colorScheme = '';
});

test('data attributes and init options configure tenant, server, position, theme, label and locale', () => {
  const script = document.createElement('script');
  script.dataset.tenant = 'acme';
  script.dataset.position = 'bottom-left';
  script.dataset.theme = 'dark';
  script.dataset.label = 'Ask us';
  script.dataset.locale = 'de';
  script.setAttribute('data-allow-control', '');
  script.dataset.launcher = '#help-link';
  script.dataset.color = '#e91e63';
  script.dataset.brand = 'Acme';
  // Attributes Lifeline does not know (another script's) are ignored.
  script.dataset.unknown = 'x';
  script.dataset.privateSelectors = '.iban';
  const fromTag = resolveConfig(defaultConfig('https://help.example'), script.dataset);
  expect(fromTag).toEqual({
    tenant: 'acme',
    server: 'https://help.example',
    position: 'bottom-left',
    theme: 'dark',
    label: 'Ask us',
    locale: 'de',
    privateSelectors: [],
    allowControl: true,
    launcher: '#help-link',
    color: '#e91e63',
    brand: 'Acme',
    logo: null,
  });
  const later = resolveConfig(fromTag, {
    server: 'https://other.example/path',
    theme: 'light',
    label: '',
    launcher: '',
  });
  expect(later).toMatchObject({
    server: 'https://other.example',
    theme: 'light',
    label: null,
    launcher: null,
    tenant: 'acme',
  });
  const privateFields = resolveConfig(later, { privateSelectors: ['.iban', 42 as never, ''], allowControl: false });
  expect(privateFields).toMatchObject({ privateSelectors: ['.iban'], allowControl: false });
});

test('values that are not allowed are ignored, so a typo never breaks the page', () => {
  const base = defaultConfig('https://help.example');
  const bad = resolveConfig(base, {
    position: 'top-middle',
    theme: 'neon',
    tenant: '',
    locale: '',
    launcher: 42,
    privateSelectors: '.iban',
    allowControl: 'yes',
  } as never);
  expect(bad).toEqual(base);
});

test("the locale follows the host page's lang, then the browser; the button speaks it", () => {
  document.documentElement.lang = 'de-CH';
  expect(defaultConfig('https://x').locale).toBe('de-CH');
  expect(buttonLabel('de-CH')).toBe('Hilfe');
  expect(buttonLabel('pt-BR')).toBe('Ajuda');
  expect(buttonLabel('ar')).toBe('مساعدة');
  expect(buttonLabel('sv-SE')).toBe('Help');
});

test("auto theme follows the host page's color-scheme", () => {
  document.documentElement.style.colorScheme = 'dark';
  expect(effectiveTheme('auto')).toBe('dark');
  expect(effectiveTheme('light')).toBe('light');
});

test('the brand: a colour the browser reads, the company name and logo; an empty string unsets each', () => {
  const base = defaultConfig('https://help.example');
  const branded = resolveConfig(base, { color: '#e91e63', brand: 'Acme', logo: 'https://acme.example/logo.svg' });
  expect(branded).toMatchObject({ color: '#e91e63', brand: 'Acme', logo: 'https://acme.example/logo.svg' });
  expect(resolveConfig(branded, { color: 'rgb(0 120 80)' }).color).toBe('rgb(0 120 80)');
  // (A colour the browser cannot read is left out: checked in real Chromium, tests/e2e/brand.test.ts.)
  expect(resolveConfig(branded, { color: '', brand: '', logo: '' })).toMatchObject({
    color: null,
    brand: null,
    logo: null,
  });
});
