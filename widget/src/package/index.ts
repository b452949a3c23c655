import { defaultConfig, resolveConfig, type WidgetOptions } from '../loader/config.js';
import type { HostIdentity, LifelineEvent } from '../loader/contract.js';
import { createLifeline, type LifelineApi } from '../loader/lifeline.js';

export type { HostIdentity, LifelineApi, LifelineEvent, WidgetOptions };

/** The npm module's options: as the script tag's, but the server must be named. */
export type InitOptions = WidgetOptions & { server: string };

type LifelineWindow = { Lifeline?: LifelineApi };

/**
 * Starts Lifeline on this page (once; a second call reconfigures) and returns its API. It is the
 * same object as `window.Lifeline`, so a script tag and the module never make two buttons.
 */
export function init(options: InitOptions): LifelineApi {
  const w = window as unknown as LifelineWindow;
  if (w.Lifeline) {
    w.Lifeline.init(options);
    return w.Lifeline;
  }
  const lifeline = createLifeline(resolveConfig(defaultConfig(new URL(options.server).origin), options));
  const destroy = lifeline.destroy.bind(lifeline);
  lifeline.destroy = () => {
    destroy();
    if (w.Lifeline === lifeline) delete w.Lifeline;
  };
  w.Lifeline = lifeline;
  return lifeline;
}

/** The running instance, if any. */
export function getLifeline(): LifelineApi | undefined {
  return (window as unknown as LifelineWindow).Lifeline;
}
