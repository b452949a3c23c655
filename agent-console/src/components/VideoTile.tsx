import { useEffect, useRef } from 'react';

interface Props {
  stream: MediaStream | null;
  label: string;
  muted?: boolean;
  className?: string;
  onFirstFrame?: () => void;
}

/** A <video> bound to a MediaStream. */
export function VideoTile({ stream, label, muted = false, className, onFirstFrame }: Props) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.srcObject = stream;
    // Browsers without requestVideoFrameCallback report the first frame on playback instead.
    if (stream && onFirstFrame) {
      if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(() => onFirstFrame());
      else video.addEventListener('playing', () => onFirstFrame(), { once: true });
    }
  }, [stream, onFirstFrame]);
  return <video ref={ref} aria-label={label} className={className} autoPlay playsInline muted={muted} />;
}
