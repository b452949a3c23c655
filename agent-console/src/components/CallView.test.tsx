import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { NO_PAGE_VIEW, type PageViewState } from '../state/store.js';
import { liveCall, SUMMARY } from '../testing/fixtures.js';
import { renderConsole, reply } from '../testing/renderConsole.js';
import { CallView } from './CallView.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

test("the context panel shows who (verified or not), the app's context, the browser and OS, and earlier sessions", () => {
  const { store } = renderConsole(<CallView />, {
    call: liveCall({
      handedOver: { fromAgentName: 'Sam', note: 'Billing question' },
      user: { ...liveCall().user, verified: true, claims: { seats: 12 } },
    }),
    previous: { sessionId: 's-2', sessions: [SUMMARY] },
  });
  const context = screen.getByRole('complementary', { name: 'User context' });
  expect(within(context).getByRole('heading', { name: 'Dana Scully Verified' })).toBeTruthy();
  expect(within(context).getByText('pro')).toBeTruthy();
  expect(within(context).getByText('12')).toBeTruthy(); // a signed claim, among the verified facts
  // What the page reported is set apart and marked unverified.
  const reported = within(context).getByRole('region', { name: 'Reported by the page' });
  expect(within(reported).getByText('INV-2031')).toBeTruthy();
  expect(within(reported).queryByText('12')).toBeNull();
  act(() => store.setState({ call: liveCall({ user: { name: 'Dana Scully' } }) }));
  expect(within(context).getByRole('heading', { name: 'Dana Scully Not verified' })).toBeTruthy();
  act(() =>
    store.setState({
      call: liveCall({ handedOver: { fromAgentName: 'Sam', note: 'Billing question' } }),
      previous: { sessionId: 's-2', sessions: [SUMMARY] },
    }),
  );
  expect(within(context).getByText('Chrome 140 on Windows 10')).toBeTruthy();
  expect(within(context).getByLabelText('Transfer note').textContent).toBe('Billing question');
  const previous = within(context).getByRole('region', { name: 'Previous sessions' });
  expect(previous.textContent).toContain('Export button hidden');
  expect(previous.textContent).toContain('Needs follow-up');
  expect(previous.textContent).toContain('Rated 4 of 5');
});

test('a first-time user says so; notes are added during the call and a failure is shown, not lost', async () => {
  const fetch = vi
    .fn()
    .mockResolvedValueOnce(
      reply({ ...SUMMARY, id: 's-2', notes: [{ agentName: 'Alex', body: 'Tried cache clear', at: Date.now() }] }),
    );
  vi.stubGlobal('fetch', fetch);
  const { user } = renderConsole(<CallView />, {
    call: liveCall(),
    previous: { sessionId: 's-2', sessions: [] },
    notes: { sessionId: 's-2', items: [], error: null },
  });
  expect(screen.getByText('First time this user has called.')).toBeTruthy();
  const add = screen.getByRole('button', { name: 'Add note' }) as HTMLButtonElement;
  expect(add.disabled).toBe(true);
  await user.type(screen.getByRole('textbox', { name: 'New note' }), 'Tried cache clear');
  await user.click(add);
  expect(await screen.findByText('Tried cache clear')).toBeTruthy();
  expect(fetch).toHaveBeenCalledWith('/api/sessions/s-2/notes', expect.objectContaining({ method: 'POST' }));
  expect((screen.getByRole('textbox', { name: 'New note' }) as HTMLTextAreaElement).value).toBe('');

  fetch.mockResolvedValueOnce(reply({ error: { code: 'forbidden', message: 'not one of your calls' } }, 403));
  await user.type(screen.getByRole('textbox', { name: 'New note' }), 'Second');
  await user.click(add);
  expect((await screen.findByRole('alert')).textContent).toContain('not one of your calls');
  expect((screen.getByRole('textbox', { name: 'New note' }) as HTMLTextAreaElement).value).toBe('Second');
});

test('mute and camera off disable the tracks the user receives, and turn them back on; end call ends', async () => {
  // The agent's camera and microphone as the console captured them (and published them).
  const audio = { kind: 'audio', enabled: true };
  const video = { kind: 'video', enabled: true };
  const localPreview = Object.assign(new MediaStream(), {
    getAudioTracks: () => [audio],
    getVideoTracks: () => [video],
    getTracks: () => [audio, video],
  });
  const { user, client } = renderConsole(<CallView />, { call: liveCall(), localPreview });
  const end = vi.spyOn(client, 'endCall').mockImplementation(() => {});

  await user.click(screen.getByRole('button', { name: 'Camera off' }));
  expect(video.enabled).toBe(false);
  expect(audio.enabled).toBe(true);
  expect(screen.getByRole('button', { name: 'Camera on' }).getAttribute('aria-pressed')).toBe('true');
  await user.click(screen.getByRole('button', { name: 'Mute' }));
  expect(audio.enabled).toBe(false);
  expect(screen.getByRole('button', { name: 'Unmute' }).getAttribute('aria-pressed')).toBe('true');

  await user.click(screen.getByRole('button', { name: 'Camera on' }));
  await user.click(screen.getByRole('button', { name: 'Unmute' }));
  expect([audio.enabled, video.enabled]).toEqual([true, true]);
  await user.click(screen.getByRole('button', { name: 'End call' }));
  expect(end).toHaveBeenCalled();
});

test('fit, zoom in and out, within limits', async () => {
  const { user, container } = renderConsole(<CallView />, { call: liveCall() });
  const viewport = container.querySelector('.viewport') as HTMLElement;
  expect(screen.getByLabelText('Zoom level').textContent).toBe('100%');
  expect((screen.getByRole('button', { name: 'Zoom out' }) as HTMLButtonElement).disabled).toBe(true);
  await user.click(screen.getByRole('button', { name: 'Zoom in' }));
  await user.click(screen.getByRole('button', { name: 'Zoom in' }));
  expect(screen.getByLabelText('Zoom level').textContent).toBe('200%');
  expect(viewport.style.width).toBe('200%');
  await user.click(screen.getByRole('button', { name: 'Zoom in' }));
  expect((screen.getByRole('button', { name: 'Zoom in' }) as HTMLButtonElement).disabled).toBe(true);
  await user.click(screen.getByRole('button', { name: 'Fit' }));
  expect(viewport.style.width).toBe('100%');
});

test('the stage explains what is missing: waiting for the page, paused sharing, a user who left', () => {
  const { store } = renderConsole(<CallView />, { call: liveCall({ receiving: false }) });
  expect(screen.getByText("Waiting for the user's page…")).toBeTruthy();
  act(() => store.setState({ call: liveCall({ screenPaused: true }) }));
  expect(screen.getAllByRole('status').map((s) => s.textContent)).toContain('The user paused sharing.');
  act(() => store.setState({ call: liveCall({ receiving: false, userPresent: false }) }));
  expect(screen.getByText(/The user has left the page. Follow up with them at dana@example.com/)).toBeTruthy();
});

test("asking for the screen or for control is offered only where the user's page allows it", () => {
  const { store } = renderConsole(<CallView />, { call: liveCall() });
  const button = (name: string) => screen.queryByRole('button', { name });
  expect(button('Ask to see screen')).toBeNull();
  expect(button('Ask for control')).toBeNull();
  expect(button('Highlight')).toBeTruthy();
  const page = (change: Partial<PageViewState>) =>
    act(() =>
      store.setState({
        call: liveCall({ page: { ...NO_PAGE_VIEW, caps: { control: false, screen: true }, ...change } }),
      }),
    );
  page({});
  expect(button('Ask to see screen')).toBeTruthy();
  expect(button('Ask for control')).toBeNull();
  page({ caps: { control: true, screen: true }, control: 'declined' });
  expect(button('Ask for control')).toBeTruthy();
  expect(screen.getByText('The user declined control.')).toBeTruthy();
  page({ caps: { control: true, screen: true }, control: 'on', screen: 'on', shown: 'screen' });
  expect(button('Control')).toBeTruthy();
  expect(button('Stop control')).toBeTruthy();
  expect(button('Ask to see screen')).toBeNull();
  // On the screen share, the page-only tools go.
  expect(button('Highlight')).toBeNull();
  expect(button('Page')).toBeTruthy();
});

test('the call shows how long it has lasted, counting each second', () => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 24, 9, 0, 0) });
  try {
    renderConsole(<CallView />, { call: liveCall({ since: Date.now() - 65_000 }) });
    const timer = screen.getByLabelText('Call time');
    expect(timer.textContent).toBe('1:05');
    act(() => vi.advanceTimersByTime(2_000));
    expect(timer.textContent).toBe('1:07');
  } finally {
    vi.useRealTimers();
  }
});
