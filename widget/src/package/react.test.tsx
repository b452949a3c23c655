import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { getLifeline, init } from './index.js';
import { Lifeline, useLifeline } from './react.js';

afterEach(cleanup);

const button = () => document.querySelector('#lifeline-widget')?.shadowRoot?.querySelector('button');

function Status(props: Parameters<typeof useLifeline>[0]) {
  const { status } = useLifeline(props);
  return <p>status: {status}</p>;
}

test('<Lifeline> mounts one help button while rendered, configured by props, and removes it on unmount', () => {
  const view = render(<Lifeline server="https://help.example" tenant="acme" label="Ask us" position="bottom-left" />);
  expect(button()?.textContent).toBe('? Ask us');
  expect(document.querySelector('#lifeline-widget')?.getAttribute('data-position')).toBe('bottom-left');
  expect(getLifeline()).toBeDefined();
  view.rerender(<Lifeline server="https://help.example" tenant="acme" label="Help me" position="bottom-left" />);
  expect(button()?.textContent).toBe('? Help me');
  view.unmount();
  expect(document.querySelector('#lifeline-widget')).toBeNull();
  expect(getLifeline()).toBeUndefined();
});

test('useLifeline reports where the call stands (here: the panel cannot load, so an error)', async () => {
  render(<Status server="https://unreachable.invalid" tenant="acme" />);
  expect(screen.getByText('status: idle')).toBeTruthy();
  await act(async () => button()?.click());
  await screen.findByText(/status: (open|error)/);
  await screen.findByText('status: error');
  // The button comes back so the user can try again.
  expect(button()?.hidden).toBe(false);
});

test('useLifeline follows the call through every event: open, queued, connected, ended, and an error', () => {
  // The hook listens on the one shared instance; capture its listeners to play the call's events.
  const api = init({ server: 'https://help.example' });
  const on = vi.spyOn(api, 'on');
  const view = render(<Status server="https://help.example" tenant="acme" />);
  const fire = (event: string) => {
    const listeners = on.mock.calls.filter(([name]) => name === event).map(([, fn]) => fn);
    expect(listeners).not.toHaveLength(0);
    act(() => {
      for (const listener of listeners) listener();
    });
    return screen.getByText(/^status: /).textContent;
  };
  expect(screen.getByText(/^status: /).textContent).toBe('status: idle');
  expect(fire('open')).toBe('status: open');
  expect(fire('queued')).toBe('status: queued');
  expect(fire('connected')).toBe('status: connected');
  expect(fire('ended')).toBe('status: ended');
  expect(fire('error')).toBe('status: error');
  view.unmount();
});

test('identity and context props reach the widget, and follow prop changes', () => {
  // A script tag got there first: the component drives that same instance, never a second button.
  const existing = init({ server: 'https://help.example' });
  const identify = vi.spyOn(existing, 'identify');
  const setContext = vi.spyOn(existing, 'setContext');
  const identity = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJl';
  const view = render(<Lifeline server="https://help.example" identity={identity} context={{ plan: 'pro' }} />);
  expect(identify).toHaveBeenCalledWith(identity);
  expect(setContext).toHaveBeenCalledWith({ plan: 'pro' });
  view.rerender(<Lifeline server="https://help.example" identity={identity} context={{ plan: 'team' }} />);
  expect(setContext).toHaveBeenLastCalledWith({ plan: 'team' });
  expect(document.querySelectorAll('#lifeline-widget')).toHaveLength(1);
  view.unmount();
});
