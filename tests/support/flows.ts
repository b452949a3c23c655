import type { Page } from 'playwright-core';
import { DEMO_AGENT } from './server.js';

type Account = { email: string; password: string };

/** The agent signs in at /console, as a person would. */
export async function agentSignsIn(page: Page, account: Account = DEMO_AGENT): Promise<void> {
  await page.goto('/console');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The agent signs in and goes Available. */
export async function agentGoesAvailable(page: Page, account: Account = DEMO_AGENT): Promise<void> {
  await agentSignsIn(page, account);
  await page.getByRole('button', { name: 'Available' }).click();
  await page.getByText('You are available').waitFor();
}

/** The user opens the product page, presses help and agrees to share. */
export async function userAsksForHelp(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: /help/i }).click();
  await page.getByRole('button', { name: /Start/ }).click();
}

export const USER_AGENT_VIDEO = 'video[aria-label="Video of your support agent"]';
export const CONSOLE_SCREEN_VIDEO = 'video[aria-label="User\'s screen"]';

/** The second step: the agent asks to see the user's screen, and the user shares it. */
export async function userSharesScreen(agent: Page, user: Page, shareLabel = 'Share my screen'): Promise<void> {
  await agent.getByRole('button', { name: 'Ask to see screen' }).click();
  await user.getByRole('button', { name: shareLabel }).click();
}

/** The agent's console mirrors the user's page (the demo page unless said otherwise). */
export async function expectPageMirrored(agent: Page, heading = 'Create an invoice'): Promise<void> {
  await agent
    .frameLocator('figure[aria-label="User\'s page"] iframe')
    .getByRole('heading', { name: heading })
    .waitFor();
}
