import { buttonLabel } from './buttonStrings.js';
import { effectiveTheme, resolveConfig, type WidgetConfig, type WidgetOptions } from './config.js';
import type { HostIdentity, LifelineEvent, MountPanel, PanelController, WatchButton } from './contract.js';

type Listener = (detail?: unknown) => void;

/** What `window.Lifeline` (or the npm module) offers a host page. */
export interface LifelineApi {
  init(options: WidgetOptions): void;
  open(): void;
  close(): void;
  on(event: LifelineEvent, fn: Listener): () => void;
  /** The user's identity token, signed by your backend (see the README). */
  identify(token: HostIdentity): void;
  setContext(data: Record<string, string | number | boolean>): void;
  shutdown(): void;
  stats(): Promise<{ audioBytesReceived: number; videoBytesReceived: number } | null>;
  /** Removes the button and ends any call (an SPA route without help, a React unmount). */
  destroy(): void;
  /** Hides the floating button (help stays reachable from `open()` or a launcher). */
  hide(): void;
  /** Shows the floating button again. */
  show(): void;
}

// Written minified: this string ships as is in the 2 KB loader.
// The text is black or white, whichever contrasts more with the brand colour (--c): in XYZ, y is
// WCAG's relative luminance, and 0.179 is where black and white contrast equally (hostPages e2e).
const BUTTON_CSS =
  ':host{all:initial;--c:#1f5eff}:host([data-theme=dark]){--c:#5b8cff}.help{position:fixed;right:20px;bottom:20px;z-index:2147483000;padding:12px 18px;border:0;border-radius:999px;background:var(--c);color:#fff;color:color(from var(--c) xyz calc(clamp(0,(.179 - y)*1e9,1)*.9505) clamp(0,(.179 - y)*1e9,1) calc(clamp(0,(.179 - y)*1e9,1)*1.089));cursor:pointer;font:600 15px/1 system-ui,sans-serif;box-shadow:0 4px 16px #0004}:host([data-position=bottom-left]) .help{right:auto;left:20px}.help:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}';

/**
 * The help button in an open shadow root, and the API around it. The call panel is imported
 * by URL on the first press (or prefetched on hover/focus); nothing else runs until then.
 */
export function createLifeline(initial: WidgetConfig): LifelineApi {
  let config = initial;
  let listeners: Array<[LifelineEvent, Listener]> = [];
  let ready = false;
  const emit = (event: LifelineEvent, detail?: unknown) => {
    for (const [heard, fn] of listeners) if (heard === event) fn(detail);
  };

  const host = document.createElement('div');
  host.id = 'lifeline-widget';
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(BUTTON_CSS);
  root.adoptedStyleSheets = [sheet];
  // Its class and words are set by apply(); in a shadow root there is no form to submit.
  const button = document.createElement('button');
  root.append(button);

  /** The host hid the floating button; the panel being open hides it too. */
  let hidden = false;
  let panelOpen = false;
  const apply = () => {
    const label = config.label ?? buttonLabel(config.locale);
    button.className = 'help';
    button.textContent = `? ${label}`;
    button.setAttribute('aria-label', label);
    host.dataset.position = config.position;
    host.dataset.theme = effectiveTheme(config.theme);
    host.lang = config.locale;
    // The brand's colour (data-color, init({ color })); the button's text follows it.
    host.style.setProperty('--c', config.color);
    button.hidden = hidden || !!config.launcher || panelOpen;
  };
  apply();

  let panel: Promise<PanelController> | undefined;
  let identity: HostIdentity | null = null;
  let context: Record<string, string | number | boolean> = {};
  const loadPanel = () => {
    panel ??= import(/* @vite-ignore */ `${config.server}/widget/panel.js`).then((m: { mount: MountPanel }) =>
      m.mount({
        root,
        emit,
        onClose: () => show(false),
        identity: () => identity,
        context: () => context,
        config: () => config,
      }),
    );
    panel.catch(() => {
      panel = undefined;
      emit('error', { code: 'load_failed' });
    });
    return panel;
  };
  const show = (opened: boolean) => {
    panelOpen = opened;
    apply();
  };
  const openPanel = () => {
    show(true);
    emit('open');
    void loadPanel().then(
      (p) => p.open(),
      () => show(false),
    );
  };
  const close = () => {
    void panel?.then((p) => p.close());
    show(false);
  };
  const shutdown = () => {
    identity = null;
    context = {};
    close();
  };
  /**
   * The button's own news, from a small module loaded after the page's: the team's availability
   * beside it, and (for an identified user) a callback due to ring it.
   */
  const watch = () =>
    import(/* @vite-ignore */ `${config.server}/widget/button.js`).then(
      (m: { watch: WatchButton }) => m.watch({ config: () => config, identity, button, emit }),
      () => undefined,
    );
  button.addEventListener('click', openPanel);
  // The product's own launcher, wherever and whenever it is rendered.
  document.addEventListener('click', (e) => {
    if (config.launcher && (e.target as Element | null)?.closest?.(config.launcher)) {
      e.preventDefault();
      openPanel();
    }
  });
  // Fetched ahead on hover or focus (loadPanel fetches it once).
  button.addEventListener('pointerenter', loadPanel);
  button.addEventListener('focus', loadPanel);

  // Single-page apps may re-render <body>, or swap it for a new one: put the button back.
  let watchedBody: HTMLElement | null = null;
  const keepMounted = () => {
    const body = document.body;
    if (!body) return;
    if (body !== watchedBody) {
      watchedBody = body;
      observer.observe(body, { childList: true });
    }
    if (!host.isConnected) body.append(host);
  };
  const observer = new MutationObserver(keepMounted);
  const mount = () => {
    observer.observe(document.documentElement, { childList: true });
    keepMounted();
  };
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
  // After this script's task, so a listener added right after the tag still hears it; one added
  // later (an async tag loads whenever) hears it at once.
  setTimeout(() => {
    ready = true;
    emit('ready');
    watch();
  });

  return {
    init(options) {
      config = resolveConfig(config, options);
      apply();
    },
    open: openPanel,
    close,
    on(event, fn) {
      const entry: [LifelineEvent, Listener] = [event, fn];
      listeners.push(entry);
      if (event === 'ready' && ready) setTimeout(fn);
      return () => {
        listeners = listeners.filter((l) => l !== entry);
      };
    },
    hide() {
      hidden = true;
      apply();
    },
    show() {
      hidden = false;
      apply();
    },
    stats: async () => (await panel)?.stats() ?? null,
    identify(token) {
      // A signed token, or nothing: anything else would be refused by the server anyway.
      identity = typeof token === 'string' && token ? token : null;
      // Someone may be due to call this user back.
      if (identity) watch();
    },
    setContext(data) {
      context = { ...context, ...data };
    },
    shutdown,
    destroy() {
      shutdown();
      observer.disconnect();
      host.remove();
    },
  };
}
