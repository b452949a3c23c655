import { CloseCode } from './closeCodes.js';
import { backoffPolicy, type ReconnectPolicy } from './reconnectPolicy.js';

/** Where the signaling connection stands. */
export type SocketState =
  | { kind: 'connecting' }
  | { kind: 'open' }
  | { kind: 'reconnecting'; attempt: number; retryInMs: number }
  | { kind: 'closed'; reason: 'by_us' | 'final' | 'gave_up'; code: number };

export interface ReconnectingSocketOptions<In> {
  url(): string;
  /** The first frame of every connection (the `auth` frame), read anew each time. */
  hello?(): unknown;
  /** Decodes one inbound frame; null drops it. */
  parse(raw: string): In | null;
  onMessage(message: In): void;
  onState(state: SocketState): void;
  /** Close codes after which trying again cannot help. */
  finalCodes: readonly number[];
  policy?: ReconnectPolicy;
  /** Keep frames sent while down and send them once back (the widget); else drop them. */
  queueWhileDown?: boolean;
}

/**
 * One WebSocket that comes back by itself, for the widget and the console alike. There is one
 * connection in flight at a time; its state is one union the UI renders.
 */
export class ReconnectingSocket<In, Out> {
  private ws: WebSocket | null = null;
  private readonly outbox: string[] = [];
  private retryCount = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private current: SocketState = { kind: 'connecting' };
  private readonly policy: ReconnectPolicy;

  constructor(private readonly options: ReconnectingSocketOptions<In>) {
    this.policy = options.policy ?? backoffPolicy();
    this.open();
  }

  get state(): SocketState {
    return this.current;
  }

  /** Sends now, or (with queueWhileDown) once the socket is back; false if dropped. */
  send(message: Out): boolean {
    const frame = JSON.stringify(message);
    if (this.ws?.readyState === WebSocket.OPEN) {
      this.ws.send(frame);
      return true;
    }
    if (this.options.queueWhileDown && this.current.kind !== 'closed') this.outbox.push(frame);
    return false;
  }

  close(): void {
    clearTimeout(this.retryTimer);
    this.setState({ kind: 'closed', reason: 'by_us', code: CloseCode.Normal });
    const ws = this.ws;
    this.ws = null;
    ws?.close(CloseCode.Normal);
  }

  private open(): void {
    const ws = new WebSocket(this.options.url());
    this.ws = ws;
    ws.onopen = () => {
      this.retryCount = 0;
      const hello = this.options.hello?.();
      if (hello !== undefined) ws.send(JSON.stringify(hello));
      this.setState({ kind: 'open' });
      for (const frame of this.outbox.splice(0)) ws.send(frame);
    };
    ws.onmessage = (event) => {
      const message = this.options.parse(String(event.data));
      if (message !== null) this.options.onMessage(message);
    };
    // A failed attempt is followed by a close, which is where retrying is decided.
    ws.onerror = () => undefined;
    ws.onclose = (event) => {
      if (this.ws === ws) this.dropped(event.code);
    };
  }

  private dropped(code: number): void {
    this.ws = null;
    if (this.current.kind === 'closed') return;
    if (this.options.finalCodes.includes(code)) return this.setState({ kind: 'closed', reason: 'final', code });
    const retryInMs = this.policy.nextRetryDelayInMs({
      retryCount: this.retryCount,
      closeCode: code,
    });
    if (retryInMs === null) return this.setState({ kind: 'closed', reason: 'gave_up', code });
    this.retryCount++;
    this.setState({ kind: 'reconnecting', attempt: this.retryCount, retryInMs });
    this.retryTimer = setTimeout(() => {
      if (this.current.kind !== 'closed') this.open();
    }, retryInMs);
  }

  private setState(state: SocketState): void {
    this.current = state;
    this.options.onState(state);
  }
}
