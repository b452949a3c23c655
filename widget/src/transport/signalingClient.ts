import type { ServerToWidget, WidgetToServer } from '@lifeline/shared';

/** The widget's WebSocket to the server, for one session. */
export class SignalingClient {
  private readonly ws: WebSocket;
  private readonly outbox: string[] = [];

  constructor(url: string, onMessage: (message: ServerToWidget) => void, onClose: (code: number) => void) {
    this.ws = new WebSocket(url);
    this.ws.onopen = () => {
      for (const frame of this.outbox.splice(0)) this.ws.send(frame);
    };
    this.ws.onmessage = (event) => {
      try {
        onMessage(JSON.parse(String(event.data)) as ServerToWidget);
      } catch {
        // A frame we cannot read is ignored; the server validates what it sends.
      }
    };
    this.ws.onclose = (event) => onClose(event.code);
  }

  send(message: WidgetToServer): void {
    const frame = JSON.stringify(message);
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
    else if (this.ws.readyState === WebSocket.CONNECTING) this.outbox.push(frame);
  }

  close(): void {
    this.ws.onclose = null;
    this.ws.close(1000);
  }
}
