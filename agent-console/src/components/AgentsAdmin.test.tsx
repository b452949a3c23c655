import type { AgentProfile } from '@lifeline/shared';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { renderConsole, reply } from '../testing/renderConsole.js';
import { AgentsAdmin } from './AgentsAdmin.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const agent = (changes: Partial<AgentProfile>): AgentProfile => ({
  id: 'a2',
  name: 'Sam Lee',
  email: 'sam@example.com',
  role: 'agent',
  active: true,
  invited: false,
  team: 'default',
  languages: ['en'],
  areas: [],
  ...changes,
});
const ME = agent({ id: 'a1', name: 'Alex', email: 'alex@example.com', role: 'admin' });

test('lists agents; admins cannot demote or deactivate themselves; others can be changed', async () => {
  const fetch = vi
    .fn()
    .mockImplementation(async (_url: string, init: RequestInit) =>
      reply({ ...agent({}), ...JSON.parse(String(init.body)) }),
    );
  vi.stubGlobal('fetch', fetch);
  const { user } = renderConsole(<AgentsAdmin />, {
    admin: { agents: [ME, agent({})], lastInvite: null, error: null },
  });
  const mine = screen.getByRole('row', { name: 'Alex' });
  expect((within(mine).getByRole('combobox', { name: 'Role of Alex' }) as HTMLSelectElement).disabled).toBe(true);
  expect(within(mine).queryByRole('button')).toBeNull();

  await user.selectOptions(screen.getByRole('combobox', { name: 'Role of Sam Lee' }), 'supervisor');
  expect(fetch).toHaveBeenLastCalledWith(
    '/api/agents/a2',
    expect.objectContaining({ method: 'PATCH', body: '{"role":"supervisor"}' }),
  );
  const areas = screen.getByRole('textbox', { name: 'Areas of Sam Lee' });
  await user.type(areas, 'billing, setup');
  await user.tab();
  expect(JSON.parse(String(fetch.mock.lastCall?.[1].body))).toEqual({ languages: ['en'], areas: ['billing', 'setup'] });
  await user.click(screen.getByRole('button', { name: 'Deactivate Sam Lee' }));
  expect(await screen.findByRole('button', { name: 'Reactivate Sam Lee' })).toBeTruthy();
});

test('an invitation adds the agent and shows the link to pass on', async () => {
  const invited = agent({ id: 'a3', name: 'Kim', email: 'kim@example.com', invited: true });
  const fetch = vi
    .fn()
    .mockResolvedValueOnce(reply({ agent: invited, inviteUrl: 'http://x/console/#invite=abc', expiresAt: 1 }, 201))
    .mockResolvedValueOnce(
      reply({ error: { code: 'invalid_state', message: 'an agent with this e-mail already exists' } }, 409),
    );
  vi.stubGlobal('fetch', fetch);
  const { user } = renderConsole(<AgentsAdmin />, { admin: { agents: [ME], lastInvite: null, error: null } });
  const form = screen.getByRole('form', { name: 'Invite an agent' });
  await user.type(within(form).getByLabelText('Name'), 'Kim');
  await user.type(within(form).getByLabelText('Email'), 'kim@example.com');
  await user.type(within(form).getByLabelText('Areas'), 'setup');
  await user.click(within(form).getByRole('button', { name: 'Send invitation' }));
  expect(((await screen.findByLabelText('Invitation link')) as HTMLInputElement).value).toBe(
    'http://x/console/#invite=abc',
  );
  expect(JSON.parse(String(fetch.mock.calls[0]?.[1].body))).toEqual({
    name: 'Kim',
    email: 'kim@example.com',
    role: 'agent',
    languages: ['en'],
    areas: ['setup'],
  });
  expect(within(screen.getByRole('row', { name: 'Kim' })).getByText('Invited')).toBeTruthy();

  // The form was cleared for the next invitation.
  expect((within(form).getByLabelText('Email') as HTMLInputElement).value).toBe('');
});

test('a refused invitation says why and adds nobody', async () => {
  const refusal = { error: { code: 'invalid_state', message: 'an agent with this e-mail already exists' } };
  vi.stubGlobal('fetch', vi.fn().mockResolvedValue(reply(refusal, 409)));
  const { user } = renderConsole(<AgentsAdmin />, { admin: { agents: [ME], lastInvite: null, error: null } });
  const form = screen.getByRole('form', { name: 'Invite an agent' });
  await user.type(within(form).getByLabelText('Name'), 'Alex again');
  await user.type(within(form).getByLabelText('Email'), 'alex@example.com');
  await user.click(within(form).getByRole('button', { name: 'Send invitation' }));
  expect((await screen.findByRole('alert')).textContent).toBe('an agent with this e-mail already exists');
  expect(screen.getAllByRole('row')).toHaveLength(2); // the header and Alex
  expect((within(form).getByLabelText('Email') as HTMLInputElement).value).toBe('alex@example.com');
});

test("an agent's photo is set by its address, and cleared by emptying it", async () => {
  const fetch = vi
    .fn()
    .mockImplementation(async (_url: string, init: RequestInit) =>
      reply({ ...agent({}), ...JSON.parse(String(init.body)) }),
    );
  vi.stubGlobal('fetch', fetch);
  const { user } = renderConsole(<AgentsAdmin />, {
    admin: { agents: [ME, agent({})], lastInvite: null, error: null },
  });
  const photo = screen.getByRole('textbox', { name: 'Photo of Sam Lee' });
  await user.type(photo, 'https://cdn.example/sam.jpg');
  await user.tab();
  expect(fetch).toHaveBeenLastCalledWith(
    '/api/agents/a2',
    expect.objectContaining({ method: 'PATCH', body: JSON.stringify({ avatarUrl: 'https://cdn.example/sam.jpg' }) }),
  );
  await user.clear(screen.getByRole('textbox', { name: 'Photo of Sam Lee' }));
  await user.tab();
  expect(fetch).toHaveBeenLastCalledWith(
    '/api/agents/a2',
    expect.objectContaining({ body: JSON.stringify({ avatarUrl: null }) }),
  );
});
