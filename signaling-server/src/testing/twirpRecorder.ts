import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ClaimGrants, TokenVerifier } from 'livekit-server-sdk';

export interface TwirpCall {
  /** e.g. `livekit.RoomService/CreateRoom` */
  method: string;
  body: Record<string, unknown>;
  /** The grants in the bearer token the SDK signed for this call. */
  grants: ClaimGrants;
}

/**
 * A local HTTP endpoint standing in for livekit-server's Twirp API: it records what
 * livekit-server-sdk sends (method, body, the bearer token's grants) and answers like LiveKit.
 */
export async function startTwirpRecorder(apiKey: string, apiSecret: string) {
  const verifier = new TokenVerifier(apiKey, apiSecret);
  const calls: TwirpCall[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString();
    });
    req.on('end', () => {
      void (async () => {
        const method = (req.url ?? '').replace(/^\/twirp\//, '');
        const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
        const grants = await verifier.verify(token).catch(() => null);
        if (!grants) return reply(401, { code: 'unauthenticated', msg: 'bad token' });
        const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
        calls.push({ method, body, grants });
        if (method.endsWith('/CreateRoom')) return reply(200, { sid: 'RM_test', name: body.name });
        if (method.endsWith('/StartRoomCompositeEgress'))
          return reply(200, { egressId: 'EG_test', roomName: body.roomName });
        return reply(200, {});
      })();
    });
    const reply = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
