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

/** Pings every socket each interval and terminates those that did not answer the last ping. */
export function startHeartbeat(
  wss: WebSocketServer,
  sockets: () => Iterable<WebSocket>,
  intervalMs: number,
): () => void {
  wss.on('connection', (ws) => {
    ws.on('pong', answered);
  });
  const timer = setInterval(() => {
    for (const ws of sockets()) {
      if (unanswered.has(ws)) {
        ws.terminate();
        continue;
      }
      unanswered.add(ws);
      ws.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
