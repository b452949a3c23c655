import type { IndexedQueue } from './queueList.js';
import type { AgentState, EngineConfig, WaitingUser } from './types.js';

/** A language tag's primary part: `en-GB` is served by an agent who speaks `en`. */
export const primary = (tag: string) => tag.toLowerCase().split('-')[0] ?? '';

export function hasSkills(agent: AgentState, user: Pick<WaitingUser, 'traits'>): boolean {
  const { language, area } = user.traits;
  if (language && !agent.skills.languages.some((l) => primary(l) === primary(language))) return false;
  if (area && !agent.skills.areas.includes(area)) return false;
  return true;
}

const working = (agent: AgentState) => agent.presence !== 'away';

/**
 * May this agent be offered this user now? Preferences (the previous agent, then language and
 * product area) hold only for a short wait, and only while someone who meets them is working;
 * after that, anyone may answer.
 */
export function eligible(
  agent: AgentState,
  user: WaitingUser,
  agents: readonly AgentState[],
  config: EngineConfig,
  now: number,
): boolean {
  if (user.declinedBy.includes(agent.id)) return false;
  const { lastAgentId, owner } = user.traits;
  // A promised follow-up waits for its owner, even one who is away or in another call.
  const ownerUntil = owner ? user.enqueuedAt + config.callbackOwnerWaitMs : user.enqueuedAt;
  if (owner && now < ownerUntil && !user.declinedBy.includes(owner)) return agent.id === owner;
  // After that, the skill preference runs from when the owner's turn ended.
  const waited = now - ownerUntil;
  if (lastAgentId && waited < config.continuityWaitMs) {
    const previous = agents.find((a) => a.id === lastAgentId);
    if (previous && working(previous) && !user.declinedBy.includes(previous.id)) return agent.id === lastAgentId;
  }
  if (waited < config.skillFallbackMs && !hasSkills(agent, user)) {
    return !agents.some((a) => working(a) && hasSkills(a, user) && !user.declinedBy.includes(a.id));
  }
  return true;
}

/** When a waiting user's preferences lapse, so routing must look again. */
export function preferenceDeadlines(user: WaitingUser, config: EngineConfig): number[] {
  const deadlines: number[] = [];
  const ownerUntil = user.traits.owner ? user.enqueuedAt + config.callbackOwnerWaitMs : user.enqueuedAt;
  if (user.traits.owner) deadlines.push(ownerUntil);
  if (user.traits.lastAgentId) deadlines.push(ownerUntil + config.continuityWaitMs);
  if (user.traits.language || user.traits.area) deadlines.push(ownerUntil + config.skillFallbackMs);
  return deadlines;
}

/** Queue order key: arrival time, moved earlier by the tier boost. */
export function sortKey(enqueuedAt: number, tier: number | undefined, config: EngineConfig): number {
  return enqueuedAt - Math.max(0, tier ?? 0) * config.tierBoostMs;
}

/** Index at which a user with this key joins the queue (after everyone with an equal or smaller key). */
export function insertionIndex(queue: IndexedQueue<WaitingUser>, key: number): number {
  return firstIndexPast(queue, (sortKey) => sortKey <= key);
}

/** Index of the first user whose key is this one or larger. */
export function firstIndexWithKey(queue: IndexedQueue<WaitingUser>, key: number): number {
  return firstIndexPast(queue, (sortKey) => sortKey < key);
}

/** Binary search of the queue (in order of keys): the first user whose key is not `before`. */
function firstIndexPast(queue: IndexedQueue<WaitingUser>, before: (sortKey: number) => boolean): number {
  let low = 0;
  let high = queue.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (before((queue.get(mid) as WaitingUser).sortKey)) low = mid + 1;
    else high = mid;
  }
  return low;
}
