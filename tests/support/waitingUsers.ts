import { ReconnectingSocket } from '@lifeline/shared/transport';
import { WebSocket as NodeWebSocket } from 'ws';
import { postJson } from './loadServer.js';

// Node 20 has no global WebSocket; ws speaks the browser API the shared socket uses.
(globalThis as { WebSocket?: unknown }).WebSocket ??= NodeWebSocket;

type Frame = { type: string; [key: string]: unknown };

/** A widget without a page: asks for help and waits, reconnecting as the widget does. */
export interface WaitingUser {
  sessionId: string;
  frames: Frame[];
  socket: ReconnectingSocket<Frame, unknown>;
  /** Connections opened (1 + reconnects). */
  opens: number;
}

/** `count` users ask for help through `url`, one after another, so their order is known. */
export async function usersWait(url: string, count: number): Promise<WaitingUser[]> {
  const users: WaitingUser[] = [];
  for (let i = 0; i < count; i++) {
    const { token, sessionId } = await postJson(url, '/api/help-requests', { tenant: 'demo' });
    const user: WaitingUser = { sessionId: sessionId as string, frames: [], opens: 0, socket: undefined as never };
    user.socket = new ReconnectingSocket<Frame, unknown>({
      url: () => `${url.replace(/^http/, 'ws')}/ws`,
      hello: () => ({ type: 'auth', token }),
      parse: (raw) => JSON.parse(raw) as Frame,
      onMessage: (frame) => user.frames.push(frame),
      onState: (state) => {
        if (state.kind === 'open') user.opens++;
      },
      finalCodes: [4404, 4410],
    });
    users.push(user);
    // In line before the next one asks.
    const deadline = Date.now() + 10_000;
    while (!user.frames.some((f) => f.type === 'session.queued')) {
      if (Date.now() > deadline) throw new Error(`user ${i} was never queued`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  return users;
}

/** Frames that would mean a user lost their place or was told the service failed them. */
export const lostFrames = (user: WaitingUser) =>
  user.frames.filter((f) => f.type === 'session.ended' || f.type === 'session.requeued');
