import { describe, expect, test } from 'vitest';
import { decode } from './codec.js';
import { ConsoleToServer } from './consoleMessages.js';
import { ErrorCode } from './errorCodes.js';
import { WidgetToServer } from './widgetMessages.js';

describe('decode', () => {
  test('accepts a valid widget frame and returns it typed', () => {
    const result = decode(
      WidgetToServer,
      JSON.stringify({ type: 'signal.description', description: { type: 'offer', sdp: 'v=0' } }),
    );
    expect(result).toEqual({
      ok: true,
      value: { type: 'signal.description', description: { type: 'offer', sdp: 'v=0' } },
    });
  });

  test('accepts an end-of-candidates (null) candidate', () => {
    expect(decode(WidgetToServer, '{"type":"signal.candidate","candidate":null}').ok).toBe(true);
  });

  test.each([
    ['not JSON', '{type:', ErrorCode.BadJson],
    ['JSON but not an object', '42', ErrorCode.BadMessage],
    ['unknown type', '{"type":"queue.hack"}', ErrorCode.BadMessage],
    ['missing field', '{"type":"signal.description"}', ErrorCode.BadMessage],
    ['wrong field type', '{"type":"signal.candidate","candidate":{"candidate":5}}', ErrorCode.BadMessage],
  ])('rejects %s with a stable code', (_name, raw, code) => {
    const result = decode(WidgetToServer, raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  test('names the offending field in the message', () => {
    const result = decode(ConsoleToServer, '{"type":"offer.accept"}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('sessionId');
  });

  test('rejects an oversize SDP rather than relaying it', () => {
    const sdp = 'a'.repeat(70_000);
    const result = decode(
      WidgetToServer,
      JSON.stringify({ type: 'signal.description', description: { type: 'offer', sdp } }),
    );
    expect(result.ok).toBe(false);
  });

  test('a console frame must name its session', () => {
    expect(decode(ConsoleToServer, '{"type":"session.end","sessionId":""}').ok).toBe(false);
    expect(decode(ConsoleToServer, '{"type":"session.end","sessionId":"s1"}').ok).toBe(true);
  });
});

test("the widget's frames (zod/mini) decode what the server sends and refuse what does not fit", async () => {
  const { ServerToWidget, HelpRequestReply, decode: decodeFrame } = await import('./widgetWire.js');
  expect(decodeFrame(ServerToWidget, '{"type":"session.queued","position":2,"etaMs":null}')).toEqual({
    ok: true,
    value: { type: 'session.queued', position: 2, etaMs: null },
  });
  for (const bad of [
    '{"type":"session.queued","position":0,"etaMs":null}',
    '{"type":"session.live","agent":{"name":"A"},"media":{"provider":"carrier-pigeon"},"recording":false}',
    '{"type":"session.ended","reason":"because"}',
    '{"type":"surprise"}',
    'not json',
  ]) {
    expect(decodeFrame(ServerToWidget, bad).ok).toBe(false);
  }
  expect(decodeFrame(HelpRequestReply, '{"sessionId":"s","token":"t","expiresAt":1,"protocolVersion":1}').ok).toBe(
    false,
  );
});
