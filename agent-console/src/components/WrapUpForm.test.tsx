import { cleanup, screen } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { SUMMARY } from '../testing/fixtures.js';
import { renderConsole, reply } from '../testing/renderConsole.js';
import { WrapUpForm } from './WrapUpForm.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

test('nothing to wrap up renders nothing', () => {
  const { container } = renderConsole(<WrapUpForm />);
  expect(container.textContent).toBe('');
});

test('a disposition is required; the wrap-up is saved with its closing note', async () => {
  const fetch = vi.fn().mockResolvedValue(reply(SUMMARY));
  vi.stubGlobal('fetch', fetch);
  const { user } = renderConsole(<WrapUpForm />, { wrapUp: { sessionId: 's-1', status: 'open', error: null } });
  const save = screen.getByRole('button', { name: 'Save wrap-up' }) as HTMLButtonElement;
  expect(save.disabled).toBe(true);
  expect(screen.getAllByRole('radio').map((r) => (r as HTMLInputElement).labels?.[0]?.textContent)).toEqual([
    'Resolved',
    'Needs follow-up',
    'Escalated',
    'Not resolved',
    'User not reached',
  ]);
  await user.click(screen.getByRole('radio', { name: 'Escalated' }));
  await user.type(screen.getByLabelText('Closing note'), 'Passed to billing');
  await user.click(save);
  expect(await screen.findByText('Wrap-up saved.')).toBeTruthy();
  const [url, init] = fetch.mock.calls[0] as [string, RequestInit];
  expect(url).toBe('/api/sessions/s-1/wrap-up');
  expect(JSON.parse(String(init.body))).toEqual({ disposition: 'escalated', note: 'Passed to billing' });
});

test('a refused save shows the reason and lets the agent try again', async () => {
  vi.stubGlobal(
    'fetch',
    vi.fn().mockResolvedValue(reply({ error: { code: 'forbidden', message: 'not one of your calls' } }, 403)),
  );
  const { user } = renderConsole(<WrapUpForm />, { wrapUp: { sessionId: 's-1', status: 'open', error: null } });
  await user.click(screen.getByRole('radio', { name: 'Resolved' }));
  await user.click(screen.getByRole('button', { name: 'Save wrap-up' }));
  expect((await screen.findByRole('alert')).textContent).toBe('Not saved: not one of your calls');
  expect((screen.getByRole('button', { name: 'Save wrap-up' }) as HTMLButtonElement).disabled).toBe(false);
});
