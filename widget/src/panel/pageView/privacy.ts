/**
 * What never leaves the user's device: the text of these fields is masked by the recorder
 * before anything is sent, and the agent can never type into them.
 */
const ALWAYS_PRIVATE = [
  'input[type="password"]',
  '[autocomplete*="cc-"]',
  '[autocomplete*="password"]',
  '[autocomplete="one-time-code"]',
  '[data-lifeline-private]',
  // rrweb marks a password field that a "show password" button turned into text.
  '[data-rr-is-password]',
];

/** Regions the host hides whole (the agent sees a blank box), and the widget's own panel. */
export const BLOCKED = '[data-lifeline-block], #lifeline-widget';

export interface Privacy {
  /** One selector for every private element (the recorder masks their text and their descendants'). */
  readonly selector: string;
  isPrivate(element: Element): boolean;
}

/** The host's selectors join the defaults; one that does not parse is dropped, never breaking the page. */
export function privacyFor(hostSelectors: readonly string[]): Privacy {
  const valid = hostSelectors.filter((selector) => {
    try {
      document.createDocumentFragment().querySelector(selector);
      return true;
    } catch {
      return false;
    }
  });
  const selector = [...ALWAYS_PRIVATE, ...valid].join(', ');
  return {
    selector,
    isPrivate: (element) => !!element.closest(selector),
  };
}

/** How many private fields the page has now, for the panel's "hidden from the agent" line. */
export function countPrivateFields(privacy: Privacy): number {
  return document.querySelectorAll(`:is(${privacy.selector}):is(input, textarea, select)`).length;
}
