/**
 * Page view batches above a few KB are deflated in the browser (CompressionStream, no library)
 * and sent as base64, since the data path carries text: repeated markup shrinks several times.
 */
export const COMPRESS_FROM_CHARS = 2_000;

export function canCompress(): boolean {
  return typeof CompressionStream === 'function';
}

export async function deflateToBase64(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function inflateFromBase64(base64: string): Promise<string> {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Response(stream).text();
}
