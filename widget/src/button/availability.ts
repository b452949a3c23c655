import type { AvailabilityReply } from '@lifeline/shared';
import type { ButtonHost } from '../loader/contract.js';
import english from '../panel/i18n/en.json';
import { minutesUpTo, when } from '../panel/i18n/format.js';
import { CATALOGS, directionOf, languageFor } from '../panel/i18n/languages.js';
import { fill, type Parts } from './messages.js';

/** The messages the button's line is made of (the catalogs test holds them to text and {arguments}). */
export const BUTTON_MESSAGES = ['onlineSoon', 'onlineAbout', 'nobodyOnlineShort', 'closedUntil'] as const;
type ButtonCatalog = Record<(typeof BUTTON_MESSAGES)[number], Parts>;

/** An answer older than this is asked for again when the user comes near the button. */
const FRESH_MS = 30_000;

const LINE_CSS =
  '.help-line{position:fixed;right:20px;bottom:68px;z-index:2147483000;max-width:240px;padding:6px 10px;border-radius:10px;background:#fff;color:#1b1f24;font:500 12px/1.35 system-ui,sans-serif;box-shadow:0 2px 10px #0003}' +
  ".help-line::before{content:'';display:inline-block;width:8px;height:8px;border-radius:50%;background:#5f6b7a;margin-inline-end:6px}" +
  '.help-line.online::before{background:#0a7d32}' +
  ':host([data-position=bottom-left]) .help-line{right:auto;left:20px}' +
  ':host([data-theme=dark]) .help-line{background:#1f2630;color:#e8edf3}' +
  // Only beside a button the user can see, and not while it rings with a callback.
  '.help[hidden]+.help-line,.help.ringing+.help-line,.help-line:empty{display:none}';

/** What the team's availability says on the button, in the user's language. */
export function availabilityLine(reply: AvailabilityReply, catalog: ButtonCatalog, locale: string): string {
  if (!reply.open && reply.nextOpenAt !== null)
    return fill(catalog.closedUntil, { when: when(reply.nextOpenAt, locale) });
  if (reply.agentsOnline === 0) return fill(catalog.nobodyOnlineShort);
  if (reply.etaMs === null || reply.etaMs < 60_000) return fill(catalog.onlineSoon);
  return fill(catalog.onlineAbout, { within: minutesUpTo(reply.etaMs, locale) });
}

let host: ButtonHost | null = null;
let line: HTMLElement | null = null;
/** The last answer, where it came from, and when it was asked for. */
let last: { key: string; at: number; reply: AvailabilityReply } | null = null;
let asking: Promise<void> | null = null;
let opening: ReturnType<typeof setTimeout> | undefined;

/**
 * The team's availability beside the help button, before anyone presses it: "Agents online ·
 * usually answers in under a minute", or when it opens again. Asked for once when the page loads,
 * then again only when it may have changed and the user may read it (they come near the button
 * or back to the tab after 30 s, or the team opens): never polled. The host hears each new answer
 * as the `availability` event.
 */
export function showAvailability(next: ButtonHost): void {
  const first = !host;
  host = next;
  if (first) listen(next);
  void refresh(true);
}

function listen({ button }: ButtonHost): void {
  const root = button.getRootNode() as ShadowRoot;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(LINE_CSS);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  line = Object.assign(document.createElement('span'), { id: 'lifeline-help-line', className: 'help-line' });
  button.after(line);
  button.setAttribute('aria-describedby', line.id);
  const near = () => void refresh(false);
  button.addEventListener('pointerenter', near);
  button.addEventListener('focus', near);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && near());
  // Lifeline.init() may change the language (the loader sets the host's lang) or the tenant.
  new MutationObserver(() => void refresh(false)).observe(root.host, { attributeFilter: ['lang'] });
}

async function refresh(force: boolean): Promise<void> {
  if (!host) return;
  const { server, tenant, locale } = host.config();
  const key = `${server}|${tenant}`;
  const stale = !last || last.key !== key || Date.now() - last.at >= FRESH_MS;
  if (stale && (force || !asking)) asking = ask(key, server, tenant);
  await asking;
  if (last) await render(last.reply, locale);
}

async function ask(key: string, server: string, tenant: string): Promise<void> {
  const reply = await fetch(`${server}/api/tenants/${encodeURIComponent(tenant)}/availability`)
    .then((response) => (response.ok ? response.json() : null))
    .catch(() => null);
  asking = null;
  if (!isAvailability(reply)) return;
  const changed = JSON.stringify(reply) !== JSON.stringify(last?.reply);
  last = { key, at: Date.now(), reply };
  if (changed) host?.emit('availability', reply);
  // Closed now: said again the moment it opens (timers past ~24.8 days overflow; none is that far).
  clearTimeout(opening);
  if (reply.nextOpenAt !== null)
    opening = setTimeout(() => void refresh(true), Math.max(0, reply.nextOpenAt - Date.now()) + 1_000);
}

async function render(reply: AvailabilityReply, locale: string): Promise<void> {
  const catalog = await catalogFor(locale);
  if (!line) return;
  line.textContent = availabilityLine(reply, catalog, locale);
  line.classList.toggle('online', reply.open && reply.agentsOnline > 0);
  line.lang = locale;
  line.dir = directionOf(locale);
}

async function catalogFor(locale: string): Promise<ButtonCatalog> {
  const load = CATALOGS[languageFor(locale)];
  if (!load) return english as unknown as ButtonCatalog;
  // A language that cannot be fetched is said in English.
  return load().then(
    (m) => m.default as ButtonCatalog,
    () => english as unknown as ButtonCatalog,
  );
}

/** The server's answer, checked for what the line reads (anything else says nothing). */
function isAvailability(value: unknown): value is AvailabilityReply {
  const reply = value as AvailabilityReply | null;
  return (
    typeof reply?.open === 'boolean' &&
    typeof reply.agentsOnline === 'number' &&
    (reply.nextOpenAt === null || typeof reply.nextOpenAt === 'number') &&
    (reply.etaMs === null || typeof reply.etaMs === 'number')
  );
}
