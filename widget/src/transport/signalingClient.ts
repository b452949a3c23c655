import type { WidgetToServer } from '@lifeline/shared';
import { backoffPolicy, CloseCode, ReconnectingSocket } from '@lifeline/shared/transport';
import { decode, ServerToWidget } from '@lifeline/shared/widgetWire';

export interface SignalingEvents {
  message(message: ServerToWidget): void;
  /** true while the socket is down and being retried; false once it is back. */
  reconnecting(active: boolean): void;
  /**
   * The socket is gone for good: the session is over or unknown, the token expired, or (`moved`)
   * a newer socket of the session took its place: another tab of this browser has the call.
   */
  lost(moved: boolean): void;
}

/**
 * The widget's WebSocket for one session. It reconnects by itself with the same session token
 * for as long as that token is valid (the server keeps the user's place or call meanwhile,
 * across its own restarts); frames sent while it is down wait in an outbox.
 */
export class SignalingClient {
  private readonly socket: ReconnectingSocket<ServerToWidget, WidgetToServer>;
  private down = false;

  constructor(url: string, token: string, events: SignalingEvents, tokenExpiresAt = Number.POSITIVE_INFINITY) {
    this.socket = new ReconnectingSocket({
      url: () => url,
      // The token goes in the first frame, never in the URL.
      hello: () => ({ type: 'auth', token }),
      // Every frame is decoded with the shared schema; one that does not fit is dropped.
      parse: (raw) => {
        const frame = decode(ServerToWidget, raw);
        return frame.ok ? frame.value : null;
      },
      onMessage: (message) => events.message(message),
      onState: (state) => {
        const down = state.kind === 'reconnecting';
        if (down !== this.down) {
          this.down = down;
          events.reconnecting(down);
        }
        if (state.kind === 'closed' && state.reason !== 'by_us') events.lost(state.code === CloseCode.Replaced);
      },
      finalCodes: [
        CloseCode.Normal,
        CloseCode.Replaced,
        CloseCode.SignedOut,
        CloseCode.UnknownSession,
        CloseCode.SessionOver,
      ],
      policy: backoffPolicy(() => tokenExpiresAt),
      queueWhileDown: true,
    });
  }

  send(message: WidgetToServer): void {
    this.socket.send(message);
  }

  close(): void {
    this.socket.close();
  }
}
