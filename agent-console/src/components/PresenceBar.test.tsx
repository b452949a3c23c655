import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { UrlSync } from '../routing/UrlSync.js';
import { renderConsole, reply, SIGNED_IN } from '../testing/renderConsole.js';
import { PresenceBar } from './PresenceBar.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  history.replaceState(null, '', '/');
});

test('shows the agent, their skills and presence; Away with a reason goes to the server and shows', async () => {
  const { client, user, store } = renderConsole(<PresenceBar />);
  expect(screen.getByText('Alex')).toBeTruthy();
  expect(screen.getByRole('list', { name: 'Your skills' }).textContent).toBe('en');
  expect(screen.getByRole('button', { name: 'Available' }).getAttribute('aria-pressed')).toBe('true');
  const setStatus = vi.spyOn(client, 'setStatus').mockImplementation(async (_status, reason) => {
    store.setState({ presence: 'away', awayReason: reason ?? null });
  });
  await user.selectOptions(screen.getByLabelText('Away reason'), 'Lunch');
  expect(setStatus).toHaveBeenCalledWith('away', 'Lunch');
  expect(screen.getByText('Away: Lunch')).toBeTruthy();
});

test('wrap-up counts down; presence cannot change during a call', () => {
  const { store } = renderConsole(<PresenceBar />, { presence: 'wrapUp', wrapUpUntil: Date.now() + 65_000 });
  expect(screen.getByText(/Wrap-up, 1:0\d left/)).toBeTruthy();
  act(() => store.setState({ presence: 'busy', wrapUpUntil: null }));
  expect(screen.getByText('In a call')).toBeTruthy();
  expect((screen.getByRole('button', { name: 'Available' }) as HTMLButtonElement).disabled).toBe(true);
});

test('tabs follow the role: agents see Desk and History, admins also Floor and Agents', async () => {
  const plain = renderConsole(<PresenceBar />);
  expect(screen.getAllByRole('button', { name: /^(Desk|Floor|History|Agents)$/ }).map((b) => b.textContent)).toEqual([
    'Desk',
    'History',
  ]);
  plain.unmount();
  const auth = SIGNED_IN.auth;
  if (!auth) throw new Error('no auth');
  const { user, store, client } = renderConsole(
    <>
      <UrlSync />
      <PresenceBar />
    </>,
    { auth: { ...auth, agent: { ...auth.agent, role: 'admin' } } },
  );
  vi.spyOn(client.admin, 'load').mockResolvedValue();
  await user.click(screen.getByRole('button', { name: 'Agents' }));
  expect(location.pathname).toBe('/agents');
  expect(store.getState().view).toBe('agents');
  expect(screen.getByRole('button', { name: 'Agents' }).getAttribute('aria-current')).toBe('page');
});

test('the theme toggles between system, dark and light, and sticks', async () => {
  const { user } = renderConsole(<PresenceBar />);
  await user.click(screen.getByRole('button', { name: 'Theme: system' }));
  expect(document.documentElement.dataset.theme).toBe('dark');
  expect(localStorage.getItem('lifeline.console.theme')).toBe('dark');
  await user.click(screen.getByRole('button', { name: 'Theme: dark' }));
  expect(document.documentElement.dataset.theme).toBe('light');
  await user.click(screen.getByRole('button', { name: 'Theme: light' }));
  expect(document.documentElement.dataset.theme).toBeUndefined();
  expect(localStorage.getItem('lifeline.console.theme')).toBeNull();
});

const followUp = (status: 'scheduled' | 'due', ownerId = 'a1') => ({
  id: `cb-${status}`,
  kind: 'promised',
  status,
  dueAt: Date.now() + 60_000,
  userName: 'Dana Scully',
  userEmail: null,
  note: 'Confirm the invoice arrived',
  ownerId,
  ownerName: 'Alex',
  handoff: null,
  originSessionId: null,
  attempts: 0,
});

/** The console's two reads: the agent's callbacks and the team. */
function stubCallbacks(callbacks: unknown[]) {
  const fetch = vi.fn(async (url: string) => reply(url.endsWith('/agent/callbacks') ? { callbacks } : { agents: [] }));
  vi.stubGlobal('fetch', fetch);
}

test('signing out with nothing promised signs out at once', async () => {
  stubCallbacks([followUp('scheduled', 'someone-else')]);
  const { client, user } = renderConsole(<PresenceBar />);
  const signOut = vi.spyOn(client, 'signOut').mockImplementation(() => {});
  await user.click(screen.getByRole('button', { name: 'Sign out' }));
  await vi.waitFor(() => expect(signOut).toHaveBeenCalled());
  expect(screen.queryByRole('dialog', { name: 'Before you sign out' })).toBeNull();
});

test('signing out with a promise open asks to hand it over first', async () => {
  stubCallbacks([followUp('scheduled')]);
  const { client, user } = renderConsole(<PresenceBar />);
  const signOut = vi.spyOn(client, 'signOut').mockImplementation(() => {});
  await user.click(screen.getByRole('button', { name: 'Sign out' }));
  const dialog = await screen.findByRole('dialog', { name: 'Before you sign out' });
  await within(dialog).findByText('Confirm the invoice arrived');
  expect(within(dialog).getByRole('form', { name: 'Hand over the callback for Dana Scully' })).toBeTruthy();
  expect(signOut).not.toHaveBeenCalled();
  await user.click(within(dialog).getByRole('button', { name: 'Sign out anyway' }));
  expect(signOut).toHaveBeenCalled();
});

test('a promise ringing right now is named at sign-out: a colleague calls instead', async () => {
  stubCallbacks([followUp('due')]);
  const { client, user } = renderConsole(<PresenceBar />);
  const signOut = vi.spyOn(client, 'signOut').mockImplementation(() => {});
  await user.click(screen.getByRole('button', { name: 'Sign out' }));
  const dialog = await screen.findByRole('dialog', { name: 'Before you sign out' });
  await within(dialog).findByText(/Due now: once you sign out, a colleague/);
  expect(within(dialog).queryByRole('form')).toBeNull();
  expect(signOut).not.toHaveBeenCalled();
  await user.click(within(dialog).getByRole('button', { name: 'Stay signed in' }));
  expect(screen.queryByRole('dialog', { name: 'Before you sign out' })).toBeNull();
});

test('Menu folds the header on a phone: it opens and closes, and going to another screen closes it', async () => {
  const { user } = renderConsole(
    <>
      <UrlSync />
      <PresenceBar />
    </>,
  );
  const menu = screen.getByRole('button', { name: 'Menu' });
  const folded = document.getElementById('console-menu') as HTMLElement;
  expect(menu.getAttribute('aria-expanded')).toBe('false');
  expect(folded.dataset.open).toBe('false');
  await user.click(menu);
  expect(menu.getAttribute('aria-expanded')).toBe('true');
  expect(within(folded).getByRole('button', { name: 'History' })).toBeTruthy();
  // Available stays outside the fold, always in reach.
  expect(within(folded).queryByRole('button', { name: 'Available' })).toBeNull();
  await user.click(within(folded).getByRole('button', { name: 'History' }));
  expect(menu.getAttribute('aria-expanded')).toBe('false');
});
