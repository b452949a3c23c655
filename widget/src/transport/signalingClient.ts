import type { ServerToWidget, WidgetToServer } from '@lifeline/shared';
import { defaultReconnectPolicy, type ReconnectPolicy } from './reconnectPolicy.js';

/** Close codes after which trying again cannot help: the session is unknown or over. */
const FINAL_CLOSE_CODES = new Set([1000, 4401, 4404, 4410]);

export interface SignalingEvents {
  message(message: ServerToWidget): void;
  /** true while the socket is down and being retried; false once it is back. */
  reconnecting(active: boolean): void;
  /** The socket is gone for good. */
  lost(): void;
}

/**
 * The widget's WebSocket for one session. It reconnects by itself with the same session
 * token (the server keeps the user's place or call meanwhile); frames sent while it is down
 * wait in an outbox.
 */
export class SignalingClient {
  private ws: WebSocket | null = null;
  private readonly outbox: string[] = [];
  private retryCount = 0;
  private downSince = 0;
  private closedByUs = false;

  constructor(
    private readonly url: string,
    private readonly events: SignalingEvents,
    private readonly policy: ReconnectPolicy = defaultReconnectPolicy,
  ) {
    this.open();
  }

  send(message: WidgetToServer): void {
    const frame = JSON.stringify(message);
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(frame);
    else this.outbox.push(frame);
  }

  close(): void {
    this.closedByUs = true;
    this.ws?.close(1000);
  }

  private open(): void {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      if (this.retryCount > 0) this.events.reconnecting(false);
      this.retryCount = 0;
      for (const frame of this.outbox.splice(0)) ws.send(frame);
    };
    ws.onmessage = (event) => {
      try {
        this.events.message(JSON.parse(String(event.data)) as ServerToWidget);
      } catch {
        // A frame we cannot read is ignored; the server validates what it sends.
      }
    };
    ws.onclose = (event) => this.dropped(event.code);
  }

  private dropped(code: number): void {
    if (this.closedByUs) return;
    if (FINAL_CLOSE_CODES.has(code)) return this.events.lost();
    if (this.retryCount === 0) {
      this.downSince = Date.now();
      this.events.reconnecting(true);
    }
    const delay = this.policy.nextRetryDelayInMs({
      retryCount: this.retryCount,
      elapsedMs: Date.now() - this.downSince,
    });
    if (delay === null) return this.events.lost();
    this.retryCount++;
    setTimeout(() => {
      if (!this.closedByUs) this.open();
    }, delay);
  }
}
