/**
 * A message as the build ships it: an ICU message precompiled into parts (vite.panel.config.ts).
 * The button's messages are plain text and {arguments} only (the catalogs test holds them to
 * that), so the button needs no ICU runtime: the panel brings one when the user presses.
 */
export type Parts = ReadonlyArray<{ type: number; value: string }>;

/** The ICU parser's part types the button uses: text, and a plain {argument}. */
export const LITERAL = 0;
export const ARGUMENT = 1;

export function fill(message: Parts, values: Record<string, string> = {}): string {
  return message.map((part) => (part.type === ARGUMENT ? (values[part.value] ?? '') : part.value)).join('');
}
