import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, newContext } from './browser.js';
import { startServer } from './server.js';

/**
 * One real server and one Chromium for a spec file. `page()` opens a page in a fresh browser
 * context (its own storage and devices), as a separate person would.
 */
export function useServerAndBrowser(env: Record<string, string> = {}) {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer(env);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.app.close();
  });
  return {
    get app() {
      return server.app;
    },
    get url() {
      return server.url;
    },
    get browser() {
      return browser;
    },
    page: async (): Promise<Page> => (await newContext(browser, server.url)).newPage(),
  };
}
