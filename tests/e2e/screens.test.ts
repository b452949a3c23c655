import { expect, test } from 'vitest';
import { agentSignsIn } from '../support/flows.js';
import { useServerAndBrowser } from '../support/harness.js';
import { checkScreen, type Look, lookContext, type Violation } from '../support/screens.js';

// Wrap-up as shipped (a minute), so its form can be seen.
const env = useServerAndBrowser({ WRAP_UP_MS: '60000' });

const readable = (violations: Violation[]) =>
  violations.map((v) => `${v.screen}: ${v.rule} (${v.impact}) ${v.help} at ${v.targets.join(', ')}`).join('\n');

/**
 * Every state a user and an agent pass through in one call, photographed into
 * `artifacts/screenshots/<look>-<screen>.png` and scanned by axe-core: none may have a serious
 * or critical accessibility violation.
 */
test.each<Look>(['light', 'dark', 'phone'])(
  'every widget and console state, %s: photographed, with no serious accessibility violation',
  async (look) => {
    const found: Violation[] = [];
    const agent = await (await lookContext(env.browser, env.url, look)).newPage();
    const user = await (await lookContext(env.browser, env.url, look)).newPage();
    const check = async (page: typeof agent, screen: string) => {
      found.push(...(await checkScreen(page, `${look}-${screen}`)));
    };

    await agent.goto('/console');
    await agent.getByLabel('Email').waitFor();
    await check(agent, 'console-sign-in');
    await agentSignsIn(agent);
    await agent.getByText(/You are (away|available)/).waitFor();
    await check(agent, 'console-desk');
    await agent.getByRole('button', { name: 'Available' }).click();
    await agent.getByText('You are available').waitFor();
    await check(agent, 'console-available');

    await user.goto('/');
    await user.getByRole('button', { name: /help/i }).waitFor();
    // The line above the button (who is online) arrives once the page has loaded.
    await user
      .locator('#lifeline-help-line', { hasText: 'Agents online · usually answers in under a minute' })
      .waitFor();
    await check(user, 'widget-button');
    await user.getByRole('button', { name: /help/i }).click();
    await user.getByRole('button', { name: /Start/ }).waitFor();
    await check(user, 'widget-consent');
    await user.getByRole('button', { name: /Start/ }).click();
    await agent.getByRole('button', { name: 'Accept' }).waitFor();
    await check(agent, 'console-ringing');
    await check(user, 'widget-waiting');

    await agent.getByRole('button', { name: 'Accept' }).click();
    await user.getByText('can see this page').waitFor();
    await check(user, 'widget-call');
    await agent
      .getByRole('heading', { name: 'Create an invoice' })
      .or(agent.locator('figure iframe'))
      .first()
      .waitFor();
    await check(agent, 'console-call');

    await agent.getByRole('button', { name: 'End call' }).click();
    await agent.getByRole('button', { name: 'Save wrap-up' }).waitFor();
    await check(agent, 'console-wrap-up');
    await user.getByRole('button', { name: 'Rate 5 out of 5' }).waitFor();
    await check(user, 'widget-rating');
    await user.getByRole('button', { name: 'Rate 5 out of 5' }).click();
    await user.getByText('Thank you').waitFor();
    await check(user, 'widget-thanks');
    await agent.getByLabel('Resolved', { exact: true }).check();
    await agent.getByRole('button', { name: 'Save wrap-up' }).click();

    const menu = async () => {
      if (look !== 'phone') return;
      await agent.getByRole('button', { name: 'Menu' }).click();
      await agent.getByRole('button', { name: 'History' }).waitFor();
    };
    await menu();
    if (look === 'phone') await check(agent, 'console-menu');
    await agent.getByRole('button', { name: 'History' }).click();
    await agent.getByRole('region', { name: 'History' }).getByRole('row').nth(1).waitFor();
    await check(agent, 'console-history');
    await agent.getByRole('region', { name: 'History' }).getByRole('row').nth(1).getByRole('link').click();
    await agent.getByRole('article', { name: 'Session details' }).waitFor();
    await check(agent, 'console-session');
    await menu();
    await agent.getByRole('button', { name: 'Floor' }).click();
    await agent.getByRole('region', { name: 'Time to answer charts' }).waitFor();
    // The floor, pushed over the socket, has caught up with the call that ended.
    await agent.getByText('No call in progress.').waitFor();
    const figures = agent.getByRole('region', { name: 'Floor figures' });
    await expect.poll(() => figures.textContent(), { timeout: 10_000 }).toContain('Agents available1');
    await check(agent, 'console-floor');
    await menu();
    await agent.getByRole('button', { name: 'Agents' }).click();
    await agent.getByRole('row', { name: 'Alex (demo agent)' }).waitFor();
    await check(agent, 'console-agents');

    await agent.context().close();
    await user.context().close();
    expect(found, readable(found)).toEqual([]);
  },
  120_000,
);

test('Arabic, right to left: the panel mirrors, speaks Arabic through the call, and passes the same scan', async () => {
  const found: Violation[] = [];
  const agent = await (await lookContext(env.browser, env.url, 'light')).newPage();
  const user = await (await lookContext(env.browser, env.url, 'light')).newPage();
  await agentSignsIn(agent);
  await agent.getByRole('button', { name: 'Available' }).click();
  await user.goto('/');
  await user.evaluate(() =>
    (window as unknown as { Lifeline: { init(o: object): void } }).Lifeline.init({ locale: 'ar' }),
  );
  // The button speaks Arabic too, and so does the line above it.
  await user.getByText('الموظفون متصلون · يردّون عادةً في أقل من دقيقة').waitFor();
  await user.getByRole('button', { name: 'مساعدة', exact: true }).click();
  const panel = user.getByRole('dialog', { name: 'مساعدة مباشرة' });
  await panel.getByRole('button', { name: 'بدء المكالمة' }).waitFor();
  expect(await panel.getAttribute('dir')).toBe('rtl');
  expect(await panel.getAttribute('lang')).toBe('ar');
  // Right to left: the first action (Start) sits to the right of the second (Not now).
  const start = await panel.getByRole('button', { name: 'بدء المكالمة' }).boundingBox();
  const notNow = await panel.getByRole('button', { name: 'ليس الآن' }).boundingBox();
  expect(start?.x).toBeGreaterThan(notNow?.x ?? 0);
  found.push(...(await checkScreen(user, 'rtl-widget-consent')));
  await panel.getByRole('button', { name: 'بدء المكالمة' }).click();
  await agent.getByRole('button', { name: 'Accept' }).click();
  await panel.getByText('يرى هذه الصفحة ويسمعك').waitFor();
  found.push(...(await checkScreen(user, 'rtl-widget-call')));
  await panel.getByRole('button', { name: 'إنهاء المكالمة' }).click();
  await panel.getByRole('button', { name: 'التقييم 5 من 5' }).waitFor();
  found.push(...(await checkScreen(user, 'rtl-widget-rating')));
  await agent.context().close();
  await user.context().close();
  expect(found, readable(found)).toEqual([]);
});
