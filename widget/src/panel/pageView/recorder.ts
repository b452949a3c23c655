import { record } from '@rrweb/record';
import { BLOCKED, type Privacy } from './privacy.js';

const CHECKOUT_EVERY_MS = 5 * 60_000;

/** One rrweb event, as the recorder emits it (kept opaque: only the console replays it). */
export type PageEvent = { type: number; timestamp: number; data: unknown };

export interface Recording {
  /** A fresh full snapshot: the agent joined, or their mirror lost its place. */
  snapshot(): void;
  /** The live element behind a node id of the page view (anchors and control). */
  element(id: number): Element | null;
  stop(): void;
}

/**
 * Records this page with rrweb. Every input is passed through `mask` (rrweb only calls it for
 * inputs it is told to mask, hence `maskAllInputs`), which keeps ordinary fields readable and
 * replaces a private field's text with asterisks here, on the user's device.
 */
export function recordPage(privacy: Privacy, emit: (event: PageEvent) => void): Recording {
  const mask = (text: string, element: HTMLElement | null) =>
    element && !privacy.isPrivate(element) ? text : '*'.repeat(text.length);
  const stop = record<PageEvent>({
    emit,
    blockSelector: BLOCKED,
    maskTextSelector: privacy.selector,
    maskAllInputs: true,
    maskInputFn: mask,
    recordCanvas: false,
    // A fresh snapshot every 5 minutes: the agent's console starts its replay afresh from it,
    // so a long call on a busy page does not pile up every event since the start.
    checkoutEveryNms: CHECKOUT_EVERY_MS,
    collectFonts: false,
    // Mouse positions at most every 50 ms, scrolls every 100 ms: enough to follow, light to send.
    sampling: { mousemove: 50, scroll: 100 },
  });
  return {
    snapshot: () => record.takeFullSnapshot(true),
    element: (id) => {
      const node = record.mirror.getNode(id);
      return node instanceof Element ? node : null;
    },
    stop: () => stop?.(),
  };
}
