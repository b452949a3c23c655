import { cleanup, screen } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { renderConsole, reply } from '../testing/renderConsole.js';
import { AcceptInvite } from './AcceptInvite.js';
import { App } from './App.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  history.replaceState(null, '', '/');
});

const LOGIN = {
  token: 'fresh',
  expiresAt: Date.now() + 3_600_000,
  agent: { id: 'a1', name: 'Alex', email: 'alex@example.com', role: 'agent', skills: { languages: ['en'], areas: [] } },
};

test('a wrong password is explained; the right one signs in and is kept for the next reload', async () => {
  const fetch = vi
    .fn()
    .mockResolvedValueOnce(reply({ error: { code: 'unauthorized', message: 'wrong e-mail or password' } }, 401))
    .mockResolvedValueOnce(reply(LOGIN));
  vi.stubGlobal('fetch', fetch);
  vi.stubGlobal(
    'WebSocket',
    class {
      close() {}
    },
  );
  const { user, store } = renderConsole(<App />, { auth: null });
  await user.type(screen.getByLabelText('Email'), 'alex@example.com');
  await user.type(screen.getByLabelText('Password'), 'nope');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  expect((await screen.findByRole('alert')).textContent).toBe('wrong e-mail or password');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  expect(await screen.findByRole('button', { name: 'Sign out' })).toBeTruthy();
  expect(store.getState().auth?.token).toBe('fresh');
  expect(JSON.parse(localStorage.getItem('lifeline.console.auth') ?? '{}').token).toBe('fresh');
});

test('an invitation link asks for a new password and signs the agent in', async () => {
  const fetch = vi.fn().mockResolvedValue(reply(LOGIN));
  vi.stubGlobal('fetch', fetch);
  vi.stubGlobal(
    'WebSocket',
    class {
      close() {}
    },
  );
  const { user, store } = renderConsole(<AcceptInvite token="invite-token" />, { auth: null });
  await user.type(screen.getByLabelText('New password'), 'a long password');
  await user.click(screen.getByRole('button', { name: 'Set password and sign in' }));
  await vi.waitFor(() => expect(store.getState().auth?.token).toBe('fresh'));
  expect(JSON.parse(String(fetch.mock.calls[0]?.[1].body))).toEqual({
    token: 'invite-token',
    password: 'a long password',
  });
});

test('the app opens the invitation form for an invitation link', () => {
  history.replaceState(null, '', '/console/#invite=abc');
  renderConsole(<App />, { auth: null });
  expect(screen.getByRole('heading', { name: 'Welcome to Lifeline' })).toBeTruthy();
});

test('a reload resumes the sign-in by refreshing the saved token; a revoked one is forgotten', async () => {
  vi.stubGlobal(
    'WebSocket',
    class {
      close() {}
    },
  );
  localStorage.setItem('lifeline.console.auth', JSON.stringify({ ...LOGIN, token: 'saved' }));
  const fetch = vi.fn().mockResolvedValueOnce(reply(LOGIN));
  vi.stubGlobal('fetch', fetch);
  const first = renderConsole(<App />, { auth: null });
  await first.client.resume();
  expect(fetch.mock.calls[0]?.[0]).toBe('/api/agents/refresh');
  expect(fetch.mock.calls[0]?.[1].headers).toEqual({ authorization: 'Bearer saved' });
  expect(first.store.getState().auth?.token).toBe('fresh');
  first.unmount();

  localStorage.setItem('lifeline.console.auth', JSON.stringify({ ...LOGIN, token: 'revoked' }));
  fetch.mockResolvedValueOnce(
    reply({ error: { code: 'unauthorized', message: 'missing or invalid credentials' } }, 401),
  );
  const second = renderConsole(<App />, { auth: null });
  await second.client.resume();
  expect(second.store.getState().auth).toBeNull();
  expect(localStorage.getItem('lifeline.console.auth')).toBeNull();
  expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
});
