import type { LoginReply } from '@lifeline/shared';
import { afterEach, expect, test, vi } from 'vitest';
import { createConsoleStore } from '../state/store.js';
import { SignIn } from './signIn.js';
import { signInStorage } from './signInStorage.js';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  localStorage.clear();
});

const auth = (token: string, expiresAt: number) => ({
  token,
  expiresAt,
  agent: {
    id: 'a1',
    name: 'Alex',
    email: 'alex@example.com',
    role: 'agent' as const,
    skills: { languages: [], areas: [] },
  },
});

test('a sign-in another tab refreshed is adopted here, and this tab does not refresh the retired one itself', async () => {
  vi.useFakeTimers({ now: 1_000_000 });
  const fetch = vi.fn();
  vi.stubGlobal('fetch', fetch);
  const store = createConsoleStore();
  const signedIn = vi.fn((a: LoginReply) => store.setState({ auth: a }));
  const session = new SignIn(store, signedIn, vi.fn());
  // This tab signed in: its token lives an hour.
  fetch.mockResolvedValueOnce(new Response(JSON.stringify(auth('tab-a', 1_000_000 + 3_600_000))));
  await session.withPassword('alex@example.com', 'pw');
  expect(store.getState().auth?.token).toBe('tab-a');

  // Another tab refreshed first and saved the new sign-in.
  signInStorage.save(auth('tab-b-fresh', 1_000_000 + 7_200_000));
  dispatchEvent(new StorageEvent('storage', { key: 'lifeline.console.auth' }));
  expect(store.getState().auth?.token).toBe('tab-b-fresh');

  // An older one in storage changes nothing.
  signInStorage.save(auth('stale', 1_000_000 + 60_000));
  dispatchEvent(new StorageEvent('storage', { key: 'lifeline.console.auth' }));
  expect(store.getState().auth?.token).toBe('tab-b-fresh');

  // When its own refresh falls due, a newer sign-in saved by another tab is taken instead.
  signInStorage.save(auth('tab-c', 1_000_000 + 10_800_000));
  await vi.advanceTimersByTimeAsync(5_760_000);
  expect(store.getState().auth?.token).toBe('tab-c');
  expect(fetch).toHaveBeenCalledTimes(1); // the sign-in only: no refresh request from this tab
});
