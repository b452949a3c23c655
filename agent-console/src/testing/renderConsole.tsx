import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { ConsoleContext } from '../hooks/useConsole.js';
import { type ConsoleState, createConsoleStore } from '../state/store.js';
import { ConsoleClient } from '../transport/consoleClient.js';

export const SIGNED_IN: Partial<ConsoleState> = {
  auth: {
    token: 't',
    expiresAt: Date.now() + 3_600_000,
    agent: {
      id: 'a1',
      name: 'Alex',
      email: 'alex@example.com',
      role: 'agent',
      skills: { languages: ['en'], areas: [] },
    },
  },
  connection: 'connected',
  presence: 'available',
};

/** Renders a component over a real store and client, in a given state; returns both to drive and inspect. */
export function renderConsole(ui: ReactElement, state: Partial<ConsoleState> = {}) {
  const store = createConsoleStore();
  store.setState({ ...SIGNED_IN, ...state });
  const client = new ConsoleClient(store);
  const user = userEvent.setup();
  const view = render(<ConsoleContext.Provider value={{ store, client }}>{ui}</ConsoleContext.Provider>);
  return { ...view, store, client, user };
}

/** A JSON reply for a stubbed fetch. */
export const reply = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
