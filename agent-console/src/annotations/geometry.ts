/** The part of a <video> the picture fills under `object-fit: contain` (letterboxing excluded). */
export function contentBox(video: HTMLVideoElement): { left: number; top: number; width: number; height: number } {
  const rect = video.getBoundingClientRect();
  if (!video.videoWidth || !video.videoHeight)
    return { left: rect.left, top: rect.top, width: rect.width, height: rect.height };
  const scale = Math.min(rect.width / video.videoWidth, rect.height / video.videoHeight);
  const width = video.videoWidth * scale;
  const height = video.videoHeight * scale;
  return { left: rect.left + (rect.width - width) / 2, top: rect.top + (rect.height - height) / 2, width, height };
}

/** A client position as fractions of the shared picture; null outside it. */
export function toFraction(
  box: ReturnType<typeof contentBox>,
  clientX: number,
  clientY: number,
): [number, number] | null {
  const x = (clientX - box.left) / box.width;
  const y = (clientY - box.top) / box.height;
  if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) return null;
  return [Math.round(x * 10_000) / 10_000, Math.round(y * 10_000) / 10_000];
}
