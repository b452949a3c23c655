import { launchChromium, newContext } from '../support/browser.js';
import { startServer } from '../support/server.js';

type Metrics = Record<string, number>;

/**
 * What the loader costs the host page's main thread, from Chromium's own counters (CDP
 * Performance.getMetrics): script, style, layout and all task time between "the host page is
 * idle" and "the help button is rendered", plus any long task (> 50 ms) in that span.
 */
export async function measureLoaderCost(runs: number) {
  const { app, url } = await startServer({ RATE_LIMITS: 'off', ACCESS_LOG: 'false' });
  const browser = await launchChromium();
  const samples: Array<{ taskMs: number; scriptMs: number; layoutAndStyleMs: number; longTasks: number }> = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await newContext(browser, url);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
      // A same-origin host page, idle, before the tag is added.
      await page.goto(`${url}/healthz`);
      await page.evaluate(() => {
        const w = window as unknown as { __longTasks: number };
        w.__longTasks = 0;
        new PerformanceObserver((list) => {
          w.__longTasks += list.getEntries().length;
        }).observe({ type: 'longtask' });
      });
      const read = async (): Promise<Metrics> =>
        Object.fromEntries(
          (
            (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> }
          ).metrics.map((m) => [m.name, m.value]),
        );
      const before = await read();
      await page.evaluate((src) => {
        const script = document.createElement('script');
        script.src = src;
        script.async = true;
        script.dataset.tenant = 'demo';
        document.head.append(script);
      }, `${url}/widget.js`);
      await page.waitForFunction(
        () =>
          document.querySelector('#lifeline-widget')?.shadowRoot?.querySelector('button')?.getBoundingClientRect()
            .width,
      );
      const after = await read();
      const delta = (name: string) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
      samples.push({
        taskMs: delta('TaskDuration'),
        scriptMs: delta('ScriptDuration'),
        layoutAndStyleMs: delta('LayoutDuration') + delta('RecalcStyleDuration'),
        longTasks: await page.evaluate(() => (window as unknown as { __longTasks: number }).__longTasks),
      });
      await context.close();
    }
  } finally {
    await browser.close();
    await app.close();
  }
  return samples;
}
