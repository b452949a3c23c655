import { ConnectionQuality, DataPacket_Kind, type RemoteTrack, Room, RoomEvent } from 'livekit-client';
import { beforeAll, expect, test, vi } from 'vitest';
import { LIFELINE_DATA_TOPIC, LiveKitMediaSession } from './livekitSession.js';
import type { MediaConnectionState } from './transport.js';

// Node has no MediaStream; the provider only wraps a received track in one.
beforeAll(() => {
  (globalThis as { MediaStream?: unknown }).MediaStream ??= class {
    constructor(readonly tracks: unknown[]) {}
  };
});

/** An unconnected Room, driven by emitting the events a connected one would (as LiveKit's own tests do). */
function setup() {
  const room = new Room();
  const session = new LiveKitMediaSession(room);
  const states: MediaConnectionState[] = [];
  const data: string[] = [];
  const qualities: string[] = [];
  const tracks: unknown[] = [];
  session.on('state', (s) => states.push(s));
  session.on('data', (m) => data.push(m));
  session.on('quality', (side, q) => qualities.push(`${side}:${q}`));
  session.on('track', (t) => tracks.push(t));
  return { room, session, states, data, qualities, tracks };
}

test("LiveKit's Reconnecting / Reconnected / Disconnected map to the widget's connection states", () => {
  const { room, states } = setup();
  room.emit(RoomEvent.Reconnecting);
  room.emit(RoomEvent.Reconnected);
  room.emit(RoomEvent.SignalReconnecting);
  room.emit(RoomEvent.Reconnected);
  room.emit(RoomEvent.Disconnected);
  expect(states).toEqual(['reconnecting', 'connected', 'reconnecting', 'connected', 'closed']);
});

test('a subscribed remote track reaches the app as a plain MediaStreamTrack', () => {
  const { room, tracks } = setup();
  const mediaStreamTrack = { kind: 'video', id: 'agent-camera' };
  room.emit(RoomEvent.TrackSubscribed, { mediaStreamTrack } as unknown as RemoteTrack, {} as never, {} as never);
  expect(tracks).toEqual([mediaStreamTrack]);
});

test('pointer and drawing messages travel on the Lifeline topic; other topics are ignored', () => {
  const { room, data } = setup();
  const encode = (text: string) => new TextEncoder().encode(text);
  room.emit(RoomEvent.DataReceived, encode('{"t":"point"}'), undefined, DataPacket_Kind.RELIABLE, LIFELINE_DATA_TOPIC);
  room.emit(RoomEvent.DataReceived, encode('chat'), undefined, DataPacket_Kind.RELIABLE, 'chat');
  room.emit(RoomEvent.DataReceived, encode('untagged'), undefined, DataPacket_Kind.RELIABLE);
  expect(data).toEqual(['{"t":"point"}']);
});

test('connection quality is reported per side', () => {
  const { room, qualities } = setup();
  room.emit(RoomEvent.ConnectionQualityChanged, ConnectionQuality.Poor, room.localParticipant);
  room.emit(RoomEvent.ConnectionQualityChanged, ConnectionQuality.Excellent, {} as never);
  room.emit(RoomEvent.ConnectionQualityChanged, ConnectionQuality.Lost, {} as never);
  expect(qualities).toEqual(['local:poor', 'remote:excellent', 'remote:lost']);
});

test('tracks are published with the source the token allows; data goes reliably on the topic', async () => {
  const { room, session } = setup();
  const publishTrack = vi.spyOn(room.localParticipant, 'publishTrack').mockResolvedValue({} as never);
  const publishData = vi.spyOn(room.localParticipant, 'publishData').mockResolvedValue();
  const screen = { kind: 'video' } as MediaStreamTrack;
  const mic = { kind: 'audio' } as MediaStreamTrack;
  session.publish(screen, {} as MediaStream, 'screen');
  session.publish(mic, {} as MediaStream, 'microphone');
  expect(publishTrack.mock.calls.map(([track, options]) => [track, options?.source])).toEqual([
    [screen, 'screen_share'],
    [mic, 'microphone'],
  ]);

  session.sendData('{"t":"clear"}');
  const [payload, options] = publishData.mock.calls[0] ?? [];
  expect(new TextDecoder().decode(payload)).toBe('{"t":"clear"}');
  expect(options).toEqual({ reliable: true, topic: LIFELINE_DATA_TOPIC });
});

test('a refused publication (a source the token does not grant) reports a failed state', async () => {
  const { room, session, states } = setup();
  vi.spyOn(room.localParticipant, 'publishTrack').mockRejectedValue(new Error('insufficient permissions'));
  session.publish({ kind: 'video' } as MediaStreamTrack, {} as MediaStream, 'camera');
  await vi.waitFor(() => expect(states).toContain('failed'));
});

test('signaling relayed by Lifeline is ignored: the room is not touched and nothing changes state', async () => {
  const { room, session, states } = setup();
  const touched = [
    vi.spyOn(room, 'connect'),
    vi.spyOn(room, 'disconnect'),
    vi.spyOn(room.localParticipant, 'publishTrack'),
    vi.spyOn(room.localParticipant, 'unpublishTrack'),
    vi.spyOn(room.localParticipant, 'publishData'),
  ];
  await session.handleSignal({ type: 'signal.description', description: { type: 'offer', sdp: 'v=0' } });
  await session.handleSignal({ type: 'signal.candidate', candidate: null });
  for (const spy of touched) expect(spy).not.toHaveBeenCalled();
  expect(states).toEqual([]);
});

test('unpublish stops sending that track without stopping it; close leaves the room', () => {
  const { room, session } = setup();
  const unpublish = vi.spyOn(room.localParticipant, 'unpublishTrack').mockResolvedValue(undefined);
  const disconnect = vi.spyOn(room, 'disconnect').mockResolvedValue();
  const mic = { kind: 'audio' } as MediaStreamTrack;
  session.unpublish(mic);
  expect(unpublish).toHaveBeenCalledWith(mic, false);
  expect(disconnect).not.toHaveBeenCalled();
  session.close();
  expect(disconnect).toHaveBeenCalledTimes(1);
});

test('connect joins the granted room with auto-subscribe and says it is connecting first', async () => {
  const { room, session, states } = setup();
  const connect = vi.spyOn(room, 'connect').mockImplementation(async () => {
    expect(states).toEqual(['connecting']);
  });
  await session.connect('wss://media.example', 'token-1');
  expect(connect).toHaveBeenCalledWith('wss://media.example', 'token-1', { autoSubscribe: true });
});
