import type { MediaEvents, MediaSession } from '@lifeline/shared/media';
import { pagePieces } from '@lifeline/shared/pageView';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createConsoleStore } from '../state/store.js';
import { CallMedia } from './callMedia.js';

/** The media session the console would open, reduced to its data path. */
const sent: string[] = [];
const listeners: { data?: MediaEvents['data'] } = {};
vi.mock('@lifeline/shared/media', () => ({
  openMediaSession: async (): Promise<Partial<MediaSession>> => ({
    on: ((event: keyof MediaEvents, listener: MediaEvents['data']) => {
      if (event === 'data') listeners.data = listener;
      return () => undefined;
    }) as MediaSession['on'],
    sendData: (message: string) => void sent.push(message),
    publish: () => undefined,
    close: () => undefined,
  }),
}));

beforeEach(() => {
  vi.useFakeTimers();
  sent.length = 0;
  // Node has no MediaStream; the call only collects remote tracks in it.
  vi.stubGlobal('MediaStream', class {});
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** A page's first batch: its meta and full snapshot events. */
const [snapshot = ''] = pagePieces(
  0,
  JSON.stringify([
    { type: 4, timestamp: 1, data: {} },
    { type: 2, timestamp: 2, data: {} },
  ]),
);

async function liveCall() {
  const store = createConsoleStore();
  const media = new CallMedia(
    store,
    () => undefined,
    () => undefined,
  );
  const live = { type: 'session.live', sessionId: 's1', media: {}, user: {}, userPresent: true, recording: false };
  await media.start(live as unknown as Parameters<CallMedia['start']>[0]);
  return { store, media };
}

test('the page arrived but not what it allows (a lost message): the console asks again until it comes', async () => {
  const { store } = await liveCall();
  listeners.data?.(snapshot);
  expect(store.getState().call?.page.caps).toBeNull();

  await vi.advanceTimersByTimeAsync(3_100);
  expect(sent).toContain(JSON.stringify({ t: 'sync' }));

  listeners.data?.(JSON.stringify({ t: 'caps', control: false, screen: true }));
  expect(store.getState().call?.page.caps).toEqual({ control: false, screen: true });
  sent.length = 0;
  await vi.advanceTimersByTimeAsync(10_000);
  expect(sent).toEqual([]);
});
