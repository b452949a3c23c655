import { createHmac } from 'node:crypto';
import type { IceServer } from '@lifeline/shared';
import type { Config } from '../config.js';

/**
 * ICE servers for one session: the configured STUN/TURN list plus, when a TURN secret is set,
 * short-lived TURN credentials minted with the TURN REST scheme (coturn `use-auth-secret`).
 */
export function iceServersFor(config: Config, sessionId: string, now: number): IceServer[] {
  if (!config.turn) return config.iceServers;
  const expiry = Math.floor(now / 1000) + config.turn.ttlS;
  const username = `${expiry}:${sessionId}`;
  const credential = createHmac('sha1', config.turn.secret).update(username).digest('base64');
  return [...config.iceServers, { urls: config.turn.urls, username, credential }];
}
