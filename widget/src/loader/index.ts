import type { HostIdentity, LifelineEvent, MountPanel, PanelController } from './contract.js';

/**
 * The script-tag loader. It renders the help button in a shadow root and nothing else; the
 * call panel is imported by URL on the first press (or prefetched on hover/focus).
 */
type Listener = (detail?: unknown) => void;

const BUTTON_CSS = `
:host { all: initial; }
.help { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; display: flex; align-items: center; gap: 8px;
  padding: 12px 18px; border: 0; border-radius: 999px; background: #1f5eff; color: #fff; cursor: pointer;
  font: 600 15px/1 system-ui, sans-serif; box-shadow: 0 4px 16px rgba(0,0,0,.25); }
.help:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.help[hidden] { display: none; }
`;

function start(): void {
  const w = window as unknown as { Lifeline?: unknown };
  if (w.Lifeline) return;
  const script = document.currentScript as HTMLScriptElement | null;
  const server = new URL(script?.src ?? location.href).origin;
  const tenant = script?.dataset.tenant ?? 'default';
  const listeners = new Map<LifelineEvent, Set<Listener>>();
  const emit = (event: LifelineEvent, detail?: unknown) => {
    for (const fn of listeners.get(event) ?? []) fn(detail);
  };

  const host = document.createElement('div');
  host.id = 'lifeline-widget';
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(BUTTON_CSS);
  root.adoptedStyleSheets = [sheet];
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'help';
  button.setAttribute('aria-label', 'Get live help');
  button.textContent = '? Help';
  root.append(button);

  let panel: Promise<PanelController> | undefined;
  let identity: HostIdentity | null = null;
  let context: Record<string, string | number | boolean> = {};
  const loadPanel = () => {
    panel ??= import(/* @vite-ignore */ `${server}/widget/panel.js`).then((m: { mount: MountPanel }) =>
      m.mount({
        server,
        tenant,
        root,
        emit,
        onClose: () => (button.hidden = false),
        identity: () => identity,
        context: () => context,
      }),
    );
    panel.catch(() => {
      panel = undefined;
      emit('error', { code: 'load_failed' });
    });
    return panel;
  };
  const open = () => {
    button.hidden = true;
    emit('open');
    void loadPanel().then(
      (p) => p.open(),
      () => (button.hidden = false),
    );
  };
  const close = () => {
    void panel?.then((p) => p.close());
    button.hidden = false;
  };
  button.addEventListener('click', open);
  button.addEventListener('pointerenter', loadPanel, { once: true });
  button.addEventListener('focus', loadPanel, { once: true });

  w.Lifeline = {
    open,
    close,
    on(event: LifelineEvent, fn: Listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)?.add(fn);
      return () => listeners.get(event)?.delete(fn);
    },
    stats: () => panel?.then((p) => p.stats()) ?? Promise.resolve(null),
    /** Who the user is, signed by the host's backend (see the README). */
    identify(who: HostIdentity) {
      identity = who;
    },
    /** App state the agent should see, e.g. { plan: 'pro', cartItems: 3 }. */
    setContext(data: Record<string, string | number | boolean>) {
      context = { ...context, ...data };
    },
    /** On logout: forget the user and close any call. */
    shutdown() {
      identity = null;
      context = {};
      close();
    },
  };
  const mountButton = () => document.body.append(host);
  if (document.body) mountButton();
  else document.addEventListener('DOMContentLoaded', mountButton, { once: true });
  emit('ready');
}

start();
