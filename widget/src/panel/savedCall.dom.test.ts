import { afterEach, expect, test, vi } from 'vitest';
import { forgetCall, type SavedCall, saveCall, savedCall } from './savedCall.js';

const SERVER = 'https://help.example.com';
const call: SavedCall = {
  sessionId: 's-1',
  token: 't',
  expiresAt: 2_000,
  protocolVersion: 1,
  recording: false,
  stage: 'live',
  agentName: 'Alex',
  since: 500,
};

afterEach(() => {
  vi.restoreAllMocks();
  sessionStorage.clear();
});

test('a call saved on one page is read back on the next, for that server and tenant only, until it is forgotten', () => {
  saveCall(SERVER, 'acme', call);
  expect(savedCall(SERVER, 'acme', 1_000)).toEqual(call);
  expect(savedCall(SERVER, 'globex', 1_000)).toBeNull();
  expect(savedCall('https://other.example.com', 'acme', 1_000)).toBeNull();
  forgetCall(SERVER, 'acme');
  expect(savedCall(SERVER, 'acme', 1_000)).toBeNull();
});

test('a call whose token has expired, or a record that is not one, is not resumed and is cleared', () => {
  saveCall(SERVER, 'acme', call);
  expect(savedCall(SERVER, 'acme', 2_000)).toBeNull();
  expect(sessionStorage.length).toBe(0);
  for (const raw of ['{', 'null', '{"sessionId":"s","token":"t","expiresAt":9e15,"stage":"ringing"}', '[]']) {
    sessionStorage.setItem(`lifeline:call:${SERVER}:acme`, raw);
    expect(savedCall(SERVER, 'acme', 1_000)).toBeNull();
  }
});

test('storage the page may not use (a sandboxed frame) neither throws nor resumes anything', () => {
  // In a sandboxed frame even reading window.sessionStorage throws.
  vi.spyOn(window, 'sessionStorage', 'get').mockImplementation(() => {
    throw new DOMException('denied', 'SecurityError');
  });
  expect(() => saveCall(SERVER, 'acme', call)).not.toThrow();
  expect(savedCall(SERVER, 'acme', 1_000)).toBeNull();
  expect(() => forgetCall(SERVER, 'acme')).not.toThrow();
});
