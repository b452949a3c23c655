/** Microphone and (when the agent asks) screen capture. Nothing here is needed to see the page. */
const SCREEN_PROMPT_TIMEOUT_MS = 120_000;

export function webrtcSupported(): boolean {
  return typeof RTCPeerConnection === 'function' && !!navigator.mediaDevices;
}

/** Decided from what the browser offers, never from its name: phones have no getDisplayMedia. */
export function screenShareSupported(): boolean {
  return typeof navigator.mediaDevices?.getDisplayMedia === 'function';
}

/**
 * Asks for the current tab by default; the browser still lets the user pick another window.
 * Must run inside a click handler (the picker needs the user's gesture). Rejects when the user
 * refuses, the browser cannot, or the picker never answers.
 */
export async function captureScreen(): Promise<MediaStream> {
  if (!screenShareSupported()) throw new Error('screen_unsupported');
  const request = navigator.mediaDevices.getDisplayMedia({
    video: { frameRate: { ideal: 15, max: 30 } },
    audio: false,
    preferCurrentTab: true,
  } as DisplayMediaStreamOptions);
  // Some browsers never settle when the picker cannot be shown: do not hang forever.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('screen_timeout')), SCREEN_PROMPT_TIMEOUT_MS);
  });
  try {
    return await Promise.race([request, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The microphone is optional: without it the call goes on and the user is told. */
export async function captureMicrophone(): Promise<MediaStream | null> {
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true },
      video: false,
    });
  } catch {
    return null;
  }
}
