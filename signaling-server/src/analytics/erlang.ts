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

/**
 * M/G/c by the Allen–Cunneen approximation: Erlang C's mean wait scaled by (Ca² + Cs²) / 2, with
 * Poisson arrivals (Ca² = 1) and the handle times' squared coefficient of variation `handleCv2`.
 * Like Erlang C it assumes nobody gives up.
 */
export function allenCunneenMeanWaitMs(
  agents: number,
  arrivalsPerMs: number,
  meanHandleMs: number,
  handleCv2: number,
): number {
  return (erlangCMeanWaitMs(agents, arrivalsPerMs, meanHandleMs) * (1 + handleCv2)) / 2;
}

/** Its service level: the chance of waiting (Erlang C), with waits exponential around its mean. */
export function allenCunneenServiceLevel(
  agents: number,
  arrivalsPerMs: number,
  meanHandleMs: number,
  handleCv2: number,
  targetMs: number,
): number {
  // Overloaded: everyone waits (erlangC is 1) forever (the mean wait is infinite), so 0.
  const waiting = erlangC(agents, arrivalsPerMs * meanHandleMs);
  const meanWaitOfThoseWaiting = allenCunneenMeanWaitMs(agents, arrivalsPerMs, meanHandleMs, handleCv2) / waiting;
  return 1 - waiting * Math.exp(-targetMs / meanWaitOfThoseWaiting);
}
