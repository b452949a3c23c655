import { defaultConfig, optionsFromDataset, resolveConfig } from './config.js';
import { createLifeline } from './lifeline.js';

/**
 * The script-tag loader: `<script src=".../widget.js" data-tenant="acme" async>`. Its only
 * global is `Lifeline`; `Lifeline.init({...})` changes the configuration at any time.
 */
function start(): void {
  const w = window as unknown as { Lifeline?: unknown };
  if (w.Lifeline) return;
  const script = document.currentScript as HTMLScriptElement | null;
  const server = new URL(script?.src ?? location.href).origin;
  const config = resolveConfig(defaultConfig(server), optionsFromDataset(script?.dataset ?? {}));
  w.Lifeline = createLifeline(config);
}

start();
