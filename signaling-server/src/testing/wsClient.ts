import WebSocket from 'ws';

type Frame = { type: string; [key: string]: unknown };

/** A test WebSocket client that records every frame and can wait for one by type. */
export class TestClient {
  readonly frames: Frame[] = [];
  private waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /**
   * Opens a socket and authenticates with its first frame, as the widget and console do.
   * Rejects with `HTTP <status>` when the handshake is refused (origin), or `closed <code>`
   * when the server refuses the token.
   */
  static connect(url: string, token: string, headers: Record<string, string> = {}): Promise<TestClient> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { headers });
    return new Promise((resolve, reject) => {
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
      ws.once('open', () => {
        ws.send(JSON.stringify({ type: 'auth', token }));
        const onClose = (code: number) => reject(new Error(`closed ${code}`));
        ws.once('close', onClose);
        ws.once('message', (data) => {
          ws.off('close', onClose);
          const first = JSON.parse(data.toString()) as Frame;
          if (first.type !== 'auth.ok') return reject(new Error(`expected auth.ok, got ${first.type}`));
          resolve(new TestClient(ws));
        });
      });
    });
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Resolves with the first frame of `type` (optionally matching `where`) received so far or next. */
  async next(type: string, where: (f: Frame) => boolean = () => true, timeoutMs = 3000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find((f) => f.type === type && where(f));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${type} frame; got ${JSON.stringify(this.frames.map((f) => f.type))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /**
   * A round trip: the server answers frames in order, so once the reply to this one is here,
   * every frame the server sent this socket before it has arrived too. Tests assert what did
   * not happen after a barrier, never after a sleep. The reply is a `bad_json` error frame.
   */
  async barrier(): Promise<void> {
    const errorsBefore = this.frames.filter((f) => f.type === 'error').length;
    this.send('{barrier');
    await this.next('error', () => this.frames.filter((f) => f.type === 'error').length > errorsBefore);
  }

  closed(): Promise<{ code: number }> {
    return new Promise((resolve) => this.ws.once('close', (code) => resolve({ code })));
  }

  close(): void {
    this.ws.close();
  }
}
