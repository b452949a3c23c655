import WebSocket from 'ws';

type Frame = { type: string; [key: string]: unknown };

/** A lean socket for thousands of simulated clients: authenticates, reacts, keeps no history. */
export function openClient(url: string, token: string, onFrame: (frame: Frame) => void): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`);
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => {
      ws.send(JSON.stringify({ type: 'auth', token }));
      ws.on('error', () => undefined);
      ws.on('message', (data) => onFrame(JSON.parse(data.toString()) as Frame));
      resolve(ws);
    });
  });
}

export function send(ws: WebSocket, frame: unknown): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
}
