import { COMPRESS_FROM_CHARS, canCompress, deflateToBase64 } from '@lifeline/shared/pageCompression';
import { pagePieces } from '@lifeline/shared/pageView';
import type { PageEvent } from './recorder.js';

/** The data channel may hold this much before the sender waits (characters). */
const HIGH_WATER = 512 * 1024;
/** Waiting events beyond this are dropped for a fresh snapshot: a busy page never floods the call. */
const MAX_PENDING_EVENTS = 5_000;
const RETRY_MS = 40;

export interface DataPath {
  sendData(message: string): void;
  dataBacklog(): number;
}

/**
 * Sends the page's events to the agent: everything emitted in one task goes as one batch (one
 * JSON array, numbered, cut into pieces), at once when the channel keeps up. A large batch is
 * deflated first; batches behind it wait their turn, so order holds. When the channel does not
 * keep up, events wait; when too many wait, they are dropped and `overflow` asks for a full
 * snapshot, which replaces them all.
 */
export class PageSender {
  private pending: PageEvent[] = [];
  private batch = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private scheduled = false;
  /** Batches being deflated; later ones queue behind them on `inOrder`. */
  private deflating = 0;
  private inOrder: Promise<void> = Promise.resolve();
  /** Events sent, and the characters they took on the wire: for the bench and diagnostics. */
  readonly sent = { events: 0, chars: 0 };

  constructor(
    private readonly path: DataPath,
    private readonly overflow: () => void,
  ) {}

  push(event: PageEvent): void {
    // A full snapshot makes everything before it useless to the mirror.
    if (event.type === FULL_SNAPSHOT) {
      const meta = this.pending.at(-1);
      this.pending = meta?.type === META ? [meta] : [];
    }
    this.pending.push(event);
    if (this.pending.length > MAX_PENDING_EVENTS) {
      this.pending = [];
      return this.overflow();
    }
    if (!this.scheduled && !this.timer) {
      this.scheduled = true;
      queueMicrotask(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
  }

  private flush(): void {
    this.timer = null;
    if (this.pending.length === 0) return;
    if (this.path.dataBacklog() > HIGH_WATER) {
      this.timer = setTimeout(() => this.flush(), RETRY_MS);
      return;
    }
    const json = JSON.stringify(this.pending);
    this.sent.events += this.pending.length;
    this.pending = [];
    const batch = this.batch++;
    if (json.length >= COMPRESS_FROM_CHARS && canCompress()) {
      this.deflating++;
      const deflated = deflateToBase64(json).then(
        (data) => ({ data, compressed: true }),
        () => ({ data: json, compressed: false }),
      );
      this.inOrder = this.inOrder.then(async () => {
        const { data, compressed } = await deflated;
        this.deflating--;
        this.send(batch, data, compressed);
      });
    } else if (this.deflating > 0) {
      this.inOrder = this.inOrder.then(() => this.send(batch, json, false));
    } else this.send(batch, json, false);
  }

  private send(batch: number, data: string, compressed: boolean): void {
    this.sent.chars += data.length;
    for (const piece of pagePieces(batch, data, undefined, compressed)) this.path.sendData(piece);
  }

  /** Resolves once every batch flushed so far has been handed to the data path. */
  settled(): Promise<void> {
    return this.inOrder;
  }
}

/** rrweb's event types this sender cares about. */
const FULL_SNAPSHOT = 2;
const META = 4;
