import { useEffect, useRef, useState } from 'react';
import {
  getLifeline,
  type HostIdentity,
  type InitOptions,
  init,
  type LifelineApi,
  type LifelineEvent,
} from './index.js';

export type LifelineStatus = 'idle' | 'open' | 'queued' | 'connected' | 'ended' | 'error';

export interface LifelineProps extends InitOptions {
  /** The signed-in user's identity token (a JWT your backend signs); omit for anonymous users. */
  identity?: HostIdentity | null;
  /** App state the agent should see. */
  context?: Record<string, string | number | boolean>;
}

const EVENTS: LifelineEvent[] = ['open', 'queued', 'connected', 'ended', 'error'];

/**
 * Lifeline for React: starts the widget while the component is mounted, keeps identity and
 * context in step with props, and reports where the user's call stands.
 */
export function useLifeline(props: LifelineProps): { lifeline: LifelineApi | undefined; status: LifelineStatus } {
  const { identity, context, ...options } = props;
  const [status, setStatus] = useState<LifelineStatus>('idle');
  const [lifeline, setLifeline] = useState<LifelineApi | undefined>(getLifeline);
  const optionsKey = JSON.stringify(options);
  const latest = useRef(options);
  latest.current = options;

  useEffect(() => {
    const api = init(latest.current);
    setLifeline(api);
    const offs = EVENTS.map((event) => api.on(event, () => setStatus(event as LifelineStatus)));
    return () => {
      for (const off of offs) off();
      api.destroy();
    };
  }, []);
  // Props that change later reconfigure the running widget (compared by value, not identity).
  useEffect(() => {
    getLifeline()?.init(JSON.parse(optionsKey));
  }, [optionsKey]);
  useEffect(() => {
    if (identity) getLifeline()?.identify(identity);
  }, [identity]);
  useEffect(() => {
    if (context) getLifeline()?.setContext(context);
  }, [context]);
  return { lifeline, status };
}

/** `<Lifeline server="https://help.example.com" tenant="acme" />`: renders nothing itself. */
export function Lifeline(props: LifelineProps): null {
  useLifeline(props);
  return null;
}
