import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Where the screenshots go: kept by CI as the visual record of every state (`artifacts/` is ignored by git). */
export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'artifacts', 'screenshots');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The looks every state is checked in. */
export const LOOKS = {
  light: { colorScheme: 'light', viewport: { width: 1280, height: 800 } },
  dark: { colorScheme: 'dark', viewport: { width: 1280, height: 800 } },
  phone: { colorScheme: 'light', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
} as const;
export type Look = keyof typeof LOOKS;

export async function lookContext(browser: Browser, baseURL: string, look: Look): Promise<BrowserContext> {
  // axe is injected as a script: the console's and the demo page's CSP must not refuse it.
  return browser.newContext({ baseURL, bypassCSP: true, ...LOOKS[look] });
}

export interface Violation {
  screen: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Photographs the page as it is and scans it with axe-core (WCAG 2 A and AA rules, shadow roots
 * included); returns the serious and critical violations, named by screen.
 */
export async function checkScreen(page: Page, screen: string): Promise<Violation[]> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${screen}.png`) });
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...a: unknown[]) => Promise<AxeResults> } }).axe;
    type AxeResults = {
      violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }>;
    };
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return results.violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      targets: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  });
  // A page wider than the window hides controls off to the side (a phone user cannot reach them).
  // (A phone browser widens its layout to fit such a page, so compare with the device's width.)
  const deviceWidth = page.viewportSize()?.width ?? 0;
  const widest = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, window.innerWidth));
  const overflow = widest - deviceWidth;
  const widened =
    overflow > 1
      ? [{ rule: 'page-wider-than-window', impact: 'serious', help: `scrolls sideways by ${overflow}px`, targets: [] }]
      : [];
  return [...violations, ...widened]
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ screen, ...v }));
}
