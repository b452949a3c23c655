import type { RequestListener } from 'node:http';
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { ErrorCode, type SessionId } from '@lifeline/shared';

/** What makes this node refuse new help requests (LOAD_SHEDDING=off: never). */
export interface OverloadSettings {
  /** The event loop's mean lateness over a window above which the node is behind. */
  maxLoopDelayMs: number;
  /** Help request answered -> the user's socket signed in: above this for everyone in a window, behind. */
  maxSocketDelayMs: number;
  /** Help requests being worked on at once from which the node is behind. */
  maxInFlight: number;
  /** Users awaited at once that never count as behind, whatever the pace (the start of a crowd). */
  minAwaited: number;
  /** An answered user whose socket never comes (closed the page) stops being awaited after this. */
  forgetAfterMs: number;
}

/** Each signal is judged over windows this long: one slow tick (a GC pause) does not count. */
const WINDOW_MS = 500;
/** Sockets that must sign in within a window before their delays are judged (a slow phone is not a crowd). */
const MIN_SOCKETS_JUDGED = 20;
/** How long a refused widget waits before asking again (spread by the widget's own jitter). */
const RETRY_AFTER_MS = 2_000;
const REFUSAL_ERROR = JSON.stringify({
  code: ErrorCode.RateLimited,
  message: 'many people are asking for help right now: try again',
});

const isHelpRequest = (url = '') => url === '/api/help-requests' || url.startsWith('/api/help-requests?');

/**
 * Load shedding for help requests. In a flash crowd a node that takes every request falls behind
 * all of them: the sockets of users it took wait in the kernel's accept queue for seconds, then
 * every offer and frame waits too. This node instead refuses new requests with `rate_limited`
 * (429 with Retry-After, which the widget honours) while it is behind, so those it takes are
 * queued at once and in order. Behind means: more users answered and not yet signed in than, at
 * the pace sockets signed in over the last half second, sign in within `maxSocketDelayMs`
 * (Little's law: the first sign of sockets piling up in the accept queue); or, over the last half
 * second, every user who signed in waited longer than that (the minimum, as CoDel judges a queue
 * by its standing delay); or the event loop ran late; or too many requests are in hand. Only new
 * help requests are refused: users already waiting, agents and calls are never shed.
 */
export class OverloadGuard {
  private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly window: NodeJS.Timeout;
  /** Users answered whose socket has not signed in yet, by when they were answered (in order). */
  private readonly awaitingSocket = new Map<SessionId, number>();
  private windowSockets = 0;
  private windowMinSocketMs = Number.POSITIVE_INFINITY;
  private inFlight = 0;
  private behind = false;
  /** Users awaited at once above which, at the pace sockets sign in, the last would wait too long. */
  private maxAwaited: number;

  constructor(
    private readonly settings: OverloadSettings,
    /** Told of each request refused (counted in /metrics). */
    private readonly onShed: () => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.maxAwaited = settings.minAwaited;
    this.loopDelay.enable();
    this.window = setInterval(() => this.judge(), WINDOW_MS).unref();
  }

  get overloaded(): boolean {
    return this.behind || this.inFlight >= this.settings.maxInFlight || this.awaitingSocket.size >= this.maxAwaited;
  }

  /**
   * In front of the app: a help request is refused here while overloaded, before any parsing,
   * routing or logging (a refusal must cost far less than what it saves), else counted in hand
   * until its reply is sent. Everything else passes untouched.
   */
  front(
    app: RequestListener,
    allowedOrigins: readonly string[],
    /** A ticket for a request refused now: asked again with it, the user keeps this place. */
    ticket: () => string,
  ): RequestListener {
    const anyOrigin = allowedOrigins.includes('*');
    return (req, res) => {
      if (req.method !== 'POST' || !isHelpRequest(req.url)) return app(req, res);
      if (!this.overloaded) {
        this.inFlight++;
        res.once('close', () => this.inFlight--);
        return app(req, res);
      }
      this.onShed();
      const origin = req.headers.origin;
      // The widget on a customer's page must be able to read the refusal and its Retry-After.
      const cors =
        origin && (anyOrigin || allowedOrigins.includes(origin))
          ? { 'access-control-allow-origin': anyOrigin ? '*' : origin, 'access-control-expose-headers': 'Retry-After' }
          : {};
      res.writeHead(429, {
        'content-type': 'application/json; charset=utf-8',
        'retry-after': String(RETRY_AFTER_MS / 1000),
        vary: 'Origin',
        ...cors,
      });
      res.end(`{"error":${REFUSAL_ERROR},"ticket":"${ticket()}"}`);
    };
  }

  /** A help request was answered: the user's socket is expected now. */
  answered(sessionId: SessionId): void {
    this.awaitingSocket.set(sessionId, this.now());
  }

  /** A user's socket signed in: the first one after their request tells how far behind the node is. */
  socketSignedIn(sessionId: SessionId): void {
    const answeredAt = this.awaitingSocket.get(sessionId);
    if (answeredAt === undefined) return;
    this.awaitingSocket.delete(sessionId);
    this.windowSockets++;
    this.windowMinSocketMs = Math.min(this.windowMinSocketMs, this.now() - answeredAt);
  }

  stop(): void {
    clearInterval(this.window);
    this.loopDelay.disable();
  }

  private judge(): void {
    // The histogram holds each 10 ms tick's actual interval: what is over 10 ms is lateness.
    const lateMs = Math.max(0, this.loopDelay.mean / 1e6 - 10);
    this.loopDelay.reset();
    const socketsLate =
      this.windowSockets >= MIN_SOCKETS_JUDGED && this.windowMinSocketMs > this.settings.maxSocketDelayMs;
    this.behind = lateMs > this.settings.maxLoopDelayMs || socketsLate;
    // Little's law: awaited users / sign-ins per ms is how long the last of them will wait. It
    // rises as soon as sockets pile up in the accept queue, before any of them is late.
    this.maxAwaited = Math.max(
      this.settings.minAwaited,
      (this.windowSockets / WINDOW_MS) * this.settings.maxSocketDelayMs,
    );
    this.windowSockets = 0;
    this.windowMinSocketMs = Number.POSITIVE_INFINITY;
    const forgetBefore = this.now() - this.settings.forgetAfterMs;
    for (const [sessionId, answeredAt] of this.awaitingSocket) {
      if (answeredAt >= forgetBefore) break;
      this.awaitingSocket.delete(sessionId);
    }
  }
}
