import type { AgentId, SessionId } from '@lifeline/shared';
import { CopyOnWrite } from './copyOnWrite.js';
import type { QueueEdit } from './queueList.js';
import { eligible, firstIndexWithKey, preferenceDeadlines } from './routing.js';
import type { ShardedEdit } from './shardedMap.js';
import type {
  AgentPresence,
  AgentState,
  Effect,
  EngineConfig,
  EngineState,
  PendingTransfer,
  WaitingUser,
} from './types.js';

export const offerTimerKey = (sessionId: SessionId) => `offer:${sessionId}`;
export const graceTimerKey = (sessionId: SessionId) => `grace:${sessionId}`;
export const wrapUpTimerKey = (agentId: AgentId) => `wrapup:${agentId}`;
export const agentGraceTimerKey = (agentId: AgentId) => `agent-grace:${agentId}`;
export const transferTimerKey = (sessionId: SessionId) => `transfer:${sessionId}`;

/** A disconnected user's grace period: their place (or call) is kept until then. */
export function graceTimer(sessionId: SessionId, now: number, config: EngineConfig): Effect {
  return {
    type: 'scheduleTimer',
    key: graceTimerKey(sessionId),
    at: now + config.reconnectGraceMs,
    event: { type: 'user.graceExpired', sessionId },
  };
}

/** Looks at the queue again when the user's language, area or agent preference lapses. */
export function preferenceRechecks(user: WaitingUser, now: number, config: EngineConfig): Effect[] {
  return preferenceDeadlines(user, config)
    .filter((at) => at > now)
    .map((at) => ({
      type: 'scheduleTimer',
      key: `recheck:${user.sessionId}:${at}`,
      at,
      event: { type: 'queue.recheck' },
    }));
}

export function withoutOffer({ offeredTo: _, ...rest }: WaitingUser): WaitingUser {
  return rest;
}

/** A mutable working copy of the state for one step; the input state is never changed. */
export class Draft {
  readonly agents: CopyOnWrite<AgentState>;
  readonly queue: QueueEdit<WaitingUser>;
  private readonly queued: ShardedEdit<number>;
  readonly calls: CopyOnWrite<AgentId>;
  readonly offline: CopyOnWrite<true>;
  readonly transfers: CopyOnWrite<PendingTransfer>;
  readonly effects: Effect[] = [];
  /** Lowest queue index inserted at or removed from in this step. */
  private changedFrom = Number.POSITIVE_INFINITY;
  private readonly arrivals: SessionId[] = [];

  constructor(readonly base: EngineState) {
    this.agents = new CopyOnWrite(base.agents);
    this.queue = base.queue.edit();
    this.queued = base.queued.edit();
    this.calls = new CopyOnWrite(base.calls);
    this.offline = new CopyOnWrite(base.offline);
    this.transfers = new CopyOnWrite(base.transfers);
  }

  get config() {
    return this.base.config;
  }

  result(): EngineState {
    return {
      config: this.config,
      agents: this.agents.result(),
      queue: this.queue.result(),
      queued: this.queued.result(),
      calls: this.calls.result(),
      offline: this.offline.result(),
      transfers: this.transfers.result(),
    };
  }

  reject(message: string): void {
    this.effects.push({ type: 'rejected', code: 'invalid_state', message });
  }

  /**
   * Where this user is in the queue, or -1. The queue is in order of its keys: a binary search
   * finds the first user with theirs, then only users with the same key are read (a scan of
   * 10,000 users on every arrival and departure was most of a step's cost in a flash crowd).
   */
  queueIndex(sessionId: SessionId): number {
    const key = this.queued.get(sessionId);
    if (key === undefined) return -1;
    for (let i = firstIndexWithKey(this.queue, key); i < this.queue.length; i++) {
      const waiting = this.queue.get(i) as WaitingUser;
      if (waiting.sessionId === sessionId) return i;
      if (waiting.sortKey !== key) break;
    }
    return -1;
  }

  setAgent(agent: AgentState): void {
    this.agents.set(agent.id, agent);
  }

  /** Changes an agent's presence, dropping any session it held, and tells the console. */
  setPresence(agentId: AgentId, presence: AgentPresence, now: number, extra: Partial<AgentState> = {}): void {
    const agent = this.agents.get(agentId);
    if (!agent) return;
    const { sessionId: _s, awayReason: _r, ...rest } = agent;
    const idleSince = presence === 'available' && agent.presence !== 'available' ? now : agent.idleSince;
    this.setAgent({ ...rest, presence, idleSince, ...extra });
    const until = presence === 'wrapUp' ? now + this.config.wrapUpMs : undefined;
    this.effects.push({ type: 'agentPresence', agentId, presence, ...(until ? { until } : {}) });
  }

  /** After a call the agent wraps up (if configured), then is available. */
  afterCall(agentId: AgentId, now: number): void {
    if (this.config.wrapUpMs <= 0) return this.setPresence(agentId, 'available', now);
    this.setPresence(agentId, 'wrapUp', now);
    this.effects.push({
      type: 'scheduleTimer',
      key: wrapUpTimerKey(agentId),
      at: now + this.config.wrapUpMs,
      event: { type: 'agent.wrapUpDone', agentId },
    });
  }

  /** Takes back an outstanding offer for this user; the user keeps their place. */
  withdrawOffer(index: number, reason: 'timeout' | 'cancelled' | 'declined', now: number): void {
    const waiting = this.queue.get(index);
    if (!waiting?.offeredTo) return;
    const agentId = waiting.offeredTo;
    this.queue.set(index, withoutOffer(waiting));
    this.effects.push({ type: 'cancelTimer', key: offerTimerKey(waiting.sessionId) });
    if (reason !== 'declined')
      this.effects.push({ type: 'revokeOffer', agentId, sessionId: waiting.sessionId, reason });
    if (this.agents.get(agentId)?.presence === 'offered') this.setPresence(agentId, 'available', now);
  }

  /** Offers each waiting user, in queue order, to the longest-idle eligible agent. */
  dispatch(now: number): void {
    const idle = this.agents
      .values()
      .filter((a) => a.presence === 'available' && !a.offline)
      .sort((a, b) => a.idleSince - b.idleSince || (a.id < b.id ? -1 : 1));
    if (idle.length === 0) return;
    const everyone = this.agents.values();
    for (let i = 0; i < this.queue.length && idle.length > 0; i++) {
      const waiting = this.queue.get(i) as WaitingUser;
      if (waiting.offeredTo || (this.offline.get(waiting.sessionId) && !waiting.callback)) continue;
      const pick = idle.findIndex((a) => eligible(a, waiting, everyone, this.config, now));
      if (pick < 0) continue;
      const [agent] = idle.splice(pick, 1) as [AgentState];
      const expiresAt = now + this.config.offerTimeoutMs;
      this.queue.set(i, { ...waiting, offeredTo: agent.id });
      this.setAgent({ ...agent, presence: 'offered', sessionId: waiting.sessionId });
      this.effects.push(
        { type: 'recordEvent', sessionId: waiting.sessionId, kind: 'offered', at: now, agentId: agent.id },
        {
          type: 'offerToAgent',
          agentId: agent.id,
          sessionId: waiting.sessionId,
          expiresAt,
          callback: Boolean(waiting.callback),
        },
        { type: 'agentPresence', agentId: agent.id, presence: 'offered' },
        {
          type: 'scheduleTimer',
          key: offerTimerKey(waiting.sessionId),
          at: expiresAt,
          event: { type: 'offer.timedOut', sessionId: waiting.sessionId, agentId: agent.id },
        },
      );
    }
  }

  /** Queue edits go through here, so the step knows from where positions changed. */
  insert(index: number, user: WaitingUser): void {
    this.queue.insert(index, user);
    this.queued.set(user.sessionId, user.sortKey);
    // Those behind moved; the newcomer is told on arrival, so a sweep need not tell them again.
    this.changedFrom = Math.min(this.changedFrom, index + 1);
    this.arrivals.push(user.sessionId);
  }

  /** Many users at once, each after everyone with the same or an earlier key (as `insert` would). */
  insertAll(users: readonly WaitingUser[]): void {
    if (!users.length) return;
    const merged = [...this.queue, ...users].sort((a, b) => a.sortKey - b.sortKey); // stable
    this.queue.replaceAll(merged);
    this.changedFrom = 0;
    for (const user of users) {
      this.queued.set(user.sessionId, user.sortKey);
      this.arrivals.push(user.sessionId);
    }
  }

  removeAt(index: number): void {
    const gone = this.queue.removeAt(index);
    if (gone) this.queued.delete(gone.sessionId);
    this.changedFrom = Math.min(this.changedFrom, index);
  }

  /** A user's widget came back: tell them where they stand. */
  greet(sessionId: SessionId): void {
    this.arrivals.push(sessionId);
  }

  /**
   * Says what changed for waiting users: a user who just joined (or came back) hears their place
   * at once; for everyone else, the first edited index, from which the hub tells positions at its
   * own pace; and "no agents" when the last one left or a user arrives while nobody works.
   */
  tellWaitingUsers(): void {
    if (this.changedFrom < this.queue.length)
      this.effects.push({ type: 'positionsChanged', fromIndex: this.changedFrom });
    for (const sessionId of new Set(this.arrivals)) {
      if (this.offline.get(sessionId)) continue; // restored: told when their widget reconnects
      const index = this.queueIndex(sessionId);
      if (index >= 0) this.effects.push({ type: 'notifyPosition', sessionId, position: index + 1 });
    }
    const working = (agents: AgentState[]) => agents.some((a) => a.presence !== 'away');
    if (working(this.agents.values())) return;
    const everyone = working([...this.base.agents.values()]);
    const tell = everyone ? this.queue.map((w) => w.sessionId) : this.arrivals;
    for (const sessionId of tell) {
      if (!this.offline.get(sessionId) && this.queueIndex(sessionId) >= 0)
        this.effects.push({ type: 'notifyNoAgents', sessionId });
    }
  }
}
