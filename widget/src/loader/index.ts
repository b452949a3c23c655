import { defaultConfig, resolveConfig } from './config.js';
import { createLifeline, type LifelineApi } from './lifeline.js';

/** What the host page calls: `Lifeline.open()`, or `Lifeline('open')` as the snippet queues it. */
type LifelineGlobal = LifelineApi & ((method: keyof LifelineApi, ...args: unknown[]) => unknown);

/**
 * The script-tag loader: `<script src=".../widget.js" data-tenant="acme" async>`. Its only
 * global is `Lifeline`; `Lifeline.init({...})` changes the configuration at any time. Calls made
 * before it loaded (the README's snippet queues them in `Lifeline.q`) are replayed in order.
 */
function start(): void {
  const w = window as unknown as { Lifeline?: Partial<LifelineGlobal> & { q?: ArrayLike<unknown>[] } };
  const stub = w.Lifeline;
  if (stub?.init) return;
  const script = document.currentScript as HTMLScriptElement | null;
  const server = new URL(script?.src ?? location.href).origin;
  const config = resolveConfig(defaultConfig(server), script?.dataset ?? {});
  const api = createLifeline(config);
  const call = (method: keyof LifelineApi, ...args: unknown[]) =>
    (api[method] as (...a: unknown[]) => unknown)?.(...args);
  const lifeline = Object.assign(call, api) as LifelineGlobal;
  w.Lifeline = lifeline;
  for (const args of stub?.q ?? []) call(...(Array.from(args) as Parameters<typeof call>));
}

start();
