/**
 * Erlang C: the probability that an arrival waits, with `agents` servers and an offered load
 * of `erlangs` (arrival rate x mean handle time). Computed with the stable Erlang B recursion.
 */
export function erlangC(agents: number, erlangs: number): number {
  if (agents <= 0) return 1;
  if (erlangs >= agents) return 1;
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (erlangs * b) / (k + erlangs * b);
  return (agents * b) / (agents - erlangs * (1 - b));
}

/** Mean wait of an arriving user under Erlang C (ms); Infinity when the load exceeds the agents. */
export function erlangCMeanWaitMs(agents: number, arrivalsPerMs: number, meanHandleMs: number): number {
  const erlangs = arrivalsPerMs * meanHandleMs;
  if (erlangs >= agents) return Number.POSITIVE_INFINITY;
  return (erlangC(agents, erlangs) * meanHandleMs) / (agents - erlangs);
}

/** Share of arrivals answered within `targetMs` under Erlang C. */
export function erlangCServiceLevel(
  agents: number,
  arrivalsPerMs: number,
  meanHandleMs: number,
  targetMs: number,
): number {
  const erlangs = arrivalsPerMs * meanHandleMs;
  if (erlangs >= agents) return 0;
  return 1 - erlangC(agents, erlangs) * Math.exp((-(agents - erlangs) * targetMs) / meanHandleMs);
}
