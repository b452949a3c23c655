/** How many distinct user-agent strings are kept for sharing before the table starts over. */
const MAX_KNOWN = 1_000;
const known = new Map<string, string>();

/**
 * One copy of each user-agent string, shared by every session that reports it: a waiting user's
 * context keeps it for the whole wait, and thousands of users come from a handful of browsers
 * (each string 100-200 bytes). The table starts over when full, so odd values cannot grow it.
 */
export function sharedUserAgent(userAgent: string | undefined): string | undefined {
  if (userAgent === undefined) return undefined;
  const shared = known.get(userAgent);
  if (shared !== undefined) return shared;
  if (known.size >= MAX_KNOWN) known.clear();
  known.set(userAgent, userAgent);
  return userAgent;
}
