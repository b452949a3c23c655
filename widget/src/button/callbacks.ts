import type { UserCallbacksReply, UserCallbackView } from '@lifeline/shared';

/** What the loader hands the watcher: where to ask, who is asking, and the help button to ring. */
export interface WatchHost {
  server: string;
  tenant: string;
  identity: string;
  locale: string;
  button: HTMLButtonElement;
  emit(event: 'callback', detail: UserCallbackView): void;
}

let timer: ReturnType<typeof setTimeout> | undefined;
/** The page being watched for, kept so a callback booked or promised on it is heard at once. */
let watched: WatchHost | null = null;
/** The last callback the host was told of. */
let told = '';
/** What the button said before it rang, put back when the ringing stops. */
let before: { text: string; label: string | null } | null = null;
/** While ringing, the server is asked again this often: an unanswered ring may have ended. */
const RING_CHECK_MS = 30_000;

const RING_CSS =
  '.help.ringing{--c:#0a7d32;animation:lifeline-ring 1.2s ease-in-out infinite}@keyframes lifeline-ring{50%{box-shadow:0 0 0 10px rgba(10,125,50,.35)}}@media (prefers-reduced-motion:reduce){.help.ringing{animation:none}}';

/**
 * The due-callback check, loaded only for an identified user: one request when the page loads
 * (or the user is identified), then one timer to the callback's time and one request then; it
 * never polls while waiting. When due, the help button rings with who is calling; pressing it
 * answers (the loader opens the panel). While the callback is due it asks again every 30 s, so
 * a ring the server gave up on (no answer, retried later, cancelled) stops here too.
 */
export async function watch(host: WatchHost): Promise<void> {
  clearTimeout(timer);
  watched = host;
  const response = await fetch(`${host.server}/api/callbacks/lookup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: host.tenant, identity: host.identity }),
  }).catch(() => null);
  if (!response?.ok) return;
  const { callbacks } = (await response.json()) as UserCallbacksReply;
  const next = callbacks[0];
  const waitMs = next ? next.dueAt - Date.now() : Number.POSITIVE_INFINITY;
  const due = next?.status === 'due' || waitMs <= 0;
  if (!due) quiet(host.button);
  if (!next) return;
  // The host hears of each change once, not of every look while it rings.
  const heard = `${next.id}:${next.status}:${next.dueAt}:${next.agentName}`;
  if (heard !== told) host.emit('callback', next);
  told = heard;
  if (due) return ring(host, next);
  // At its time, asked once more (it may have been cancelled or handed over since), then rung.
  // Timers longer than ~24.8 days overflow; a page open that long is identified again anyway.
  if (waitMs < 2 ** 31 - 1) timer = setTimeout(() => void watch(host), waitMs);
}

function ring(host: WatchHost, callback: UserCallbackView): void {
  const { button } = host;
  // Asked again while due: the server may have given up on the ring, or the call is over.
  timer = setTimeout(() => void watch(host), RING_CHECK_MS);
  // The panel is open (answering, or already talking to us): nothing to ring.
  if (button.hidden) return;
  const root = button.getRootNode() as ShadowRoot;
  if (!root.adoptedStyleSheets.some((s) => s.cssRules[0]?.cssText.includes('ringing'))) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(RING_CSS);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }
  const german = host.locale.toLowerCase().startsWith('de');
  const who = callback.agentName ?? (german ? 'Der Support' : 'Support');
  if (!button.classList.contains('ringing'))
    before = { text: button.textContent ?? '', label: button.getAttribute('aria-label') };
  button.dataset.callback = callback.id;
  button.classList.add('ringing');
  button.textContent = german ? `📞 ${who} ruft Sie zurück` : `📞 ${who} is calling you back`;
  button.setAttribute('aria-label', german ? `Hilfe-Rückruf von ${who} annehmen` : `Answer help callback from ${who}`);
}

/** The ring ended without an answer here: the button goes back to what it said. */
function quiet(button: HTMLButtonElement): void {
  if (!button.classList.contains('ringing') || !before) return;
  button.classList.remove('ringing');
  delete button.dataset.callback;
  button.textContent = before.text;
  if (before.label === null) button.removeAttribute('aria-label');
  else button.setAttribute('aria-label', before.label);
  before = null;
}

/** The panel booked a callback, or the agent promised one, on this page: look again now. */
export function rewatch(): void {
  if (watched) void watch(watched);
}
