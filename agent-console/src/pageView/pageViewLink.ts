import { inflateFromBase64 } from '@lifeline/shared/pageCompression';
import { type AgentRequest, PageAssembler, type PageMessage, parsePageMessage } from '@lifeline/shared/pageView';

/** One rrweb event from the user's page (replayed as is; only its type and time are read here). */
export type PageEvent = { type: number; timestamp: number; data: unknown };
type Listener = (events: PageEvent[]) => void;

const META = 4;
const FULL_SNAPSHOT = 2;
/** More events than this since the last snapshot: ask for a fresh one rather than keep them all. */
const MAX_KEPT_EVENTS = 20_000;
/** One snapshot request at a time; asked again if none came after this long. */
const SYNC_RETRY_MS = 3_000;

/**
 * The user's page as it arrives on the call's data path: batches put back together, the events
 * since the last full snapshot kept (a mirror mounted later replays them), and a full snapshot
 * asked for whenever the mirror would otherwise lose its place.
 */
export class PageViewLink {
  private readonly assembler = new PageAssembler();
  private kept: PageEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private syncAskedAt = Number.NEGATIVE_INFINITY;
  /** Deflated batches being inflated; later batches queue behind them on `inOrder`. */
  private inflating = 0;
  private inOrder: Promise<void> = Promise.resolve();

  constructor(
    private readonly send: (request: AgentRequest) => void,
    /** Page messages other than events: what the page allows, the user's answers. */
    private readonly onMessage: (message: Exclude<PageMessage, { t: 'pv' }>) => void,
  ) {}

  /** True when the data message was the page view's (annotations are not). */
  receive(raw: string): boolean {
    const message = parsePageMessage(raw);
    if (!message) return false;
    if (message.t !== 'pv') {
      this.onMessage(message);
      return true;
    }
    const { json, gap, compressed } = this.assembler.add(message);
    if (gap) this.requestSync();
    if (json === null) return true;
    if (compressed) {
      this.inflating++;
      const text = inflateFromBase64(json);
      this.inOrder = this.inOrder.then(async () => {
        try {
          this.accept(await text);
        } catch {
          this.requestSync();
        } finally {
          this.inflating--;
        }
      });
    } else if (this.inflating > 0) {
      this.inOrder = this.inOrder.then(() => this.accept(json));
    } else this.accept(json);
    return true;
  }

  /** Resolves once every batch received so far has been handed to the mirror. */
  settled(): Promise<void> {
    return this.inOrder;
  }

  /** True once a full snapshot of the page has come. */
  get hasPage(): boolean {
    return this.kept.some((e) => e.type === FULL_SNAPSHOT);
  }

  /** Replays what is kept at once, then every new batch. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (this.kept.length > 0) listener(this.kept.slice());
    return () => this.listeners.delete(listener);
  }

  /** Ask the user's page for a full snapshot (at most one request in flight). */
  requestSync(now = Date.now()): void {
    if (now - this.syncAskedAt < SYNC_RETRY_MS) return;
    this.syncAskedAt = now;
    this.send({ t: 'sync' });
  }

  private accept(json: string): void {
    let events: PageEvent[];
    try {
      events = (JSON.parse(json) as unknown[]).filter(isEvent);
    } catch {
      return this.requestSync();
    }
    for (const event of events) {
      if (event.type === META) this.kept = [];
      if (event.type === FULL_SNAPSHOT) this.syncAskedAt = Number.NEGATIVE_INFINITY;
      this.kept.push(event);
    }
    // Incremental events with no snapshot to apply them to: the mirror needs the whole page.
    if (!this.kept.some((e) => e.type === FULL_SNAPSHOT) || this.kept.length > MAX_KEPT_EVENTS) {
      if (this.kept.length > MAX_KEPT_EVENTS) this.kept = [];
      this.requestSync();
    }
    for (const listener of this.listeners) listener(events);
  }
}

function isEvent(value: unknown): value is PageEvent {
  const event = value as PageEvent;
  return !!event && typeof event === 'object' && typeof event.type === 'number' && typeof event.timestamp === 'number';
}
