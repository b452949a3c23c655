import type { WebSocket, WebSocketServer } from 'ws';

const alive = new WeakSet<WebSocket>();
/** One function for every socket (`this` is the socket): no closure kept per connection. */
function answered(this: WebSocket): void {
  alive.add(this);
}

/** Pings every socket each interval and terminates those that did not answer the last ping. */
export function startHeartbeat(wss: WebSocketServer, intervalMs: number): () => void {
  wss.on('connection', (ws) => {
    alive.add(ws);
    ws.on('pong', answered);
  });
  const timer = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
