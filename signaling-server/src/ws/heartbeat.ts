import type { WebSocket, WebSocketServer } from 'ws';

/**
 * Sockets pinged and not yet answered. Kept this way round, the set is empty between a round's
 * pongs and the next ping: a waiting user costs no entry in it (a set of live sockets would hold
 * one for each, all the time).
 */
const unanswered = new WeakSet<WebSocket>();
/** One function for every socket (`this` is the socket): no closure kept per connection. */
function answered(this: WebSocket): void {
  unanswered.delete(this);
}

/**
 * Sockets pinged before the event loop turns. A ping is a write to the socket, 21-31 µs here:
 * a round over 8,000 sockets in one go held the loop 170-250 ms (about half a second at 18,700,
 * every interval), and offers and call frames waited behind it. 100 pings are 2-3 ms.
 */
export const PINGS_PER_SLICE = 100;

/**
 * Pings every socket each interval and terminates those that did not answer the last ping. A
 * round goes in slices, the loop free between them for offers and call frames; it walks the
 * live socket lists, so a socket that leaves mid-round is skipped and one that comes is pinged.
 */
export function startHeartbeat(
  wss: WebSocketServer,
  sockets: () => Iterable<WebSocket>,
  intervalMs: number,
): () => void {
  wss.on('connection', (ws) => {
    ws.on('pong', answered);
  });
  let round: Iterator<WebSocket> | null = null;
  /**
   * Sockets pinged this round: one that signs in mid-round moves to the list walked later and
   * would be met again, its pong perhaps not yet back, and cut off. Dropped when the round ends,
   * so a waiting user costs no entry between rounds.
   */
  let pinged = new WeakSet<WebSocket>();
  const pingSlice = () => {
    for (let i = 0; round && i < PINGS_PER_SLICE; i++) {
      const next = round.next();
      if (next.done) {
        round = null;
        pinged = new WeakSet();
      } else if (!pinged.has(next.value)) {
        pinged.add(next.value);
        pingOrCut(next.value);
      }
    }
    if (round) setImmediate(pingSlice);
  };
  const timer = setInterval(() => {
    const unfinished = round !== null;
    round = sockets()[Symbol.iterator]();
    pinged = new WeakSet(); // a new round: every socket pinged again
    if (!unfinished) pingSlice(); // else the slices under way carry on with the new round
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    round = null;
  };
}

function pingOrCut(ws: WebSocket): void {
  if (unanswered.has(ws)) {
    ws.terminate();
    return;
  }
  unanswered.add(ws);
  ws.ping();
}
