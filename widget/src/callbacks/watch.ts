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

const RING_CSS =
  '.help.ringing{background:#0a7d32;animation:lifeline-ring 1.2s ease-in-out infinite}@keyframes lifeline-ring{50%{box-shadow:0 0 0 10px rgba(10,125,50,.35)}}@media (prefers-reduced-motion:reduce){.help.ringing{animation:none}}';

/**
 * The due-callback check, loaded only for an identified user: one request when the page loads
 * (or the user is identified), then one timer to the callback's time; it never polls. When due,
 * the help button rings with who is calling; pressing it answers (the loader opens the panel).
 */
export async function watch(host: WatchHost): Promise<void> {
  clearTimeout(timer);
  const response = await fetch(`${host.server}/api/callbacks/lookup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: host.tenant, identity: host.identity }),
  }).catch(() => null);
  if (!response?.ok) return;
  const { callbacks } = (await response.json()) as UserCallbacksReply;
  const next = callbacks[0];
  if (!next) return;
  host.emit('callback', next);
  const ringIn = next.status === 'due' ? 0 : Math.max(0, next.dueAt - Date.now());
  // Timers longer than ~24.8 days overflow; a page open that long is identified again anyway.
  if (ringIn < 2 ** 31 - 1) timer = setTimeout(() => ring(host, next), ringIn);
}

function ring(host: WatchHost, callback: UserCallbackView): void {
  const { button } = host;
  const root = button.getRootNode() as ShadowRoot;
  if (!root.adoptedStyleSheets.some((s) => s.cssRules[0]?.cssText.includes('ringing'))) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(RING_CSS);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }
  const german = host.locale.toLowerCase().startsWith('de');
  const who = callback.agentName ?? (german ? 'Der Support' : 'Support');
  button.dataset.callback = callback.id;
  button.classList.add('ringing');
  button.textContent = german ? `📞 ${who} ruft Sie zurück` : `📞 ${who} is calling you back`;
  button.setAttribute('aria-label', german ? `Hilfe-Rückruf von ${who} annehmen` : `Answer help callback from ${who}`);
  button.hidden = false;
}
