import { AuthFrame, decode } from '@lifeline/shared';
import { CloseCode } from '@lifeline/shared/transport';
import type { Logger } from 'pino';
import type { RawData } from 'ws';
import type { TokenIssuer } from '../auth/tokens.js';
import type { Clock } from '../clock.js';
import { agentOfClaims } from '../http/agentAuth.js';
import type { OverloadGuard } from '../http/overload.js';
import type { Store } from '../store/types.js';
import { sendFrame } from './connection.js';
import type { Edge } from './edge.js';
import type { HeldSocket } from './heldSocket.js';

export interface SocketAuthDeps {
  edge: Edge;
  tokens: TokenIssuer;
  store: Store;
  clock: Clock;
  log: Logger;
  /** Told when a user's socket signs in: how long after their request tells if the node is behind. */
  overload: OverloadGuard | null;
}

/** How long a new socket has to send its `auth` frame. */
export const AUTH_DEADLINE_MS = 10_000;
/** Frames a client may send right behind its `auth` frame, held while the token is checked. */
const EARLY_FRAMES = 32;

/**
 * A socket says who it is with its first frame, `{ type: 'auth', token }`, within the deadline;
 * nothing else is accepted before. A bad, late or missing token closes it with 4401.
 */
export function authenticateSocket(
  { edge, tokens, store, clock, log, overload }: SocketAuthDeps,
  ws: HeldSocket,
): void {
  const early: Array<[RawData, boolean]> = [];
  let checking = false;
  let done = false;
  const refuse = (why: string) => ws.close(CloseCode.SignedOut, why);
  const cancelDeadline = clock.setTimer(() => done || refuse('no auth frame in time'), AUTH_DEADLINE_MS);

  const onMessage = (data: RawData, isBinary: boolean) => {
    if (checking) {
      if (early.length < EARLY_FRAMES) early.push([data, isBinary]);
      else refuse('too many frames before authentication');
      return;
    }
    checking = true;
    void check(data, isBinary).catch((err: unknown) => {
      log.error({ err }, 'socket authentication failed');
      refuse('authentication failed');
    });
  };

  const check = async (data: RawData, isBinary: boolean) => {
    const frame = isBinary ? null : decode(AuthFrame, data.toString());
    const claims = frame?.ok ? await tokens.verify(frame.value.token, clock.now()) : null;
    // Read while frames behind the auth frame are still held, so none slips past a handler.
    const agent = await agentOfClaims(claims, store, clock.now());
    done = true;
    cancelDeadline();
    ws.off('message', onMessage);
    if (ws.readyState !== ws.OPEN) return;
    if (claims?.role === 'user') {
      sendFrame(ws, { type: 'auth.ok' });
      overload?.socketSignedIn(claims.sessionId);
      edge.hold(ws, { role: 'user', sessionId: claims.sessionId });
    } else if (agent) {
      sendFrame(ws, { type: 'auth.ok' });
      const { id, name, skills, avatarUrl } = agent;
      edge.hold(ws, { role: 'agent', agent: { id, name, skills, avatarUrl: avatarUrl ?? null } });
    } else {
      return refuse('unauthorized');
    }
    // What arrived while the token was checked goes to the handlers now, in order.
    for (const [frameData, binary] of early) ws.emit('message', frameData, binary);
  };

  ws.on('message', onMessage);
}
