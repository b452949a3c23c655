import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { liveCall } from '../testing/fixtures.js';
import { renderConsole, reply } from '../testing/renderConsole.js';
import { TransferControl } from './TransferControl.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const TEAM = {
  agents: [
    { id: 'a1', name: 'Alex', presence: 'busy', languages: ['en'], areas: [] },
    { id: 'a2', name: 'Sam', presence: 'available', languages: ['en'], areas: ['billing'] },
    { id: 'a3', name: 'Kim', presence: 'away', languages: ['de'], areas: [] },
  ],
};

test('offers available colleagues (not oneself, not those away) and skills; sends the choice with the note', async () => {
  vi.stubGlobal('fetch', vi.fn().mockResolvedValue(reply(TEAM)));
  const { user, client } = renderConsole(<TransferControl />, { call: liveCall() });
  const transfer = vi.spyOn(client, 'transfer').mockImplementation(() => {});
  await user.click(screen.getByRole('button', { name: 'Transfer' }));
  const options = (await screen.findAllByRole('option')).map((o) => [o.textContent, (o as HTMLOptionElement).disabled]);
  expect(options).toEqual([
    ['Choose…', false],
    ['Sam (available)', false],
    ['Kim (not available)', true],
    ['Anyone free in billing', false],
  ]);
  expect((screen.getByLabelText('Transfer to') as HTMLSelectElement).value).toBe('a2');
  await user.selectOptions(screen.getByLabelText('Transfer to'), 'area:billing');
  await user.type(screen.getByLabelText('Note for your colleague'), ' Refund approved ');
  await user.click(screen.getByRole('button', { name: 'Send transfer' }));
  expect(transfer).toHaveBeenCalledWith({ area: 'billing' }, 'Refund approved');
});

test('while it rings the agent is told; a failed transfer says the user is still there', () => {
  const { store } = renderConsole(<TransferControl />, {
    call: liveCall({ transfer: { status: 'ringing', toAgentName: 'Sam' } }),
  });
  expect(screen.getByRole('status').textContent).toBe('Transferring to Sam…');
  act(() =>
    store.setState({
      call: liveCall({
        transfer: { status: 'failed', reason: 'Your colleague declined the transfer. The user is still with you.' },
      }),
    }),
  );
  expect(screen.getByRole('status').textContent).toContain('The user is still with you.');
  expect(screen.getByRole('button', { name: 'Transfer' })).toBeTruthy();
});
