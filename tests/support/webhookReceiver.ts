import { createServer, type Server } from 'node:http';

export interface ReceivedWebhook {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: { id: string; type: string; tenant: string; at: number; data: Record<string, unknown> };
}

/**
 * A tenant's backend as a test sees it: a real HTTP server that records every delivery and
 * answers 500 to the next `failNext` of them, as a backend having a bad moment would.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  failNext = 0;
  private server: Server | undefined;

  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/lifeline-hooks`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => {
        this.received.push({ headers: req.headers, body, json: JSON.parse(body) });
        const failing = this.failNext > 0;
        if (failing) this.failNext--;
        res.writeHead(failing ? 500 : 204).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(this.port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** Resolves with the deliveries of `type` once `count` of them have arrived. */
  async waitFor(type: string, count = 1, timeoutMs = 15_000): Promise<ReceivedWebhook[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.filter((r) => r.json.type === type);
      if (found.length >= count) return found;
      if (Date.now() > deadline) {
        throw new Error(`${count} × ${type} not received; got ${this.received.map((r) => r.json.type).join(', ')}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
