/** Screen and microphone capture, with every failure turned into a reason a person can act on. */
export type CaptureFailure = 'screen_refused' | 'screen_unsupported' | 'screen_timeout' | 'no_webrtc';

export class CaptureError extends Error {
  constructor(readonly reason: CaptureFailure) {
    super(reason);
  }
}

const SCREEN_PROMPT_TIMEOUT_MS = 120_000;

export function webrtcSupported(): boolean {
  return typeof RTCPeerConnection === 'function' && !!navigator.mediaDevices;
}

/** Asks for the current tab by default; the browser still lets the user pick another window. */
export async function captureScreen(): Promise<MediaStream> {
  if (!webrtcSupported()) throw new CaptureError('no_webrtc');
  if (!navigator.mediaDevices.getDisplayMedia) throw new CaptureError('screen_unsupported');
  const request = navigator.mediaDevices.getDisplayMedia({
    video: { frameRate: { ideal: 15, max: 30 } },
    audio: false,
    preferCurrentTab: true,
  } as DisplayMediaStreamOptions);
  // Some browsers never settle when the picker cannot be shown: do not hang forever.
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new CaptureError('screen_timeout')), SCREEN_PROMPT_TIMEOUT_MS),
  );
  try {
    return await Promise.race([request, timeout]);
  } catch (err) {
    if (err instanceof CaptureError) throw err;
    throw new CaptureError('screen_refused');
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
