import type { AgentId, SessionId } from '@lifeline/shared';
import type { AgentState, Effect, EngineConfig, EngineEvent, EngineState, StepResult, WaitingUser } from './types.js';

export * from './types.js';

/**
 * The matching engine: pure and deterministic. It never reads the clock, timers or sockets;
 * the hub around it passes `now` in and carries the effects out.
 */
export function initialState(config: EngineConfig): EngineState {
  return { config, agents: {}, queue: [], calls: {} };
}

export const offerTimerKey = (sessionId: SessionId) => `offer:${sessionId}`;

export function step(state: EngineState, event: EngineEvent, now: number): StepResult {
  const draft = new Draft(state);
  apply(draft, event, now);
  draft.dispatch(now);
  draft.tellWaitingUsers();
  return { state: draft.result(), effects: draft.effects };
}

function apply(d: Draft, event: EngineEvent, now: number): void {
  switch (event.type) {
    case 'agent.online':
      if (!d.agents[event.agentId]) d.setAgent({ id: event.agentId, presence: 'away', idleSince: now });
      return;
    case 'agent.available':
    case 'agent.away':
      return setPresence(d, event.agentId, event.type === 'agent.available' ? 'available' : 'away', now);
    case 'agent.disconnected':
      return disconnectAgent(d, event.agentId);
    case 'user.enqueued':
      if (d.queueIndex(event.sessionId) >= 0 || d.calls[event.sessionId]) return;
      d.queue.push({ sessionId: event.sessionId, enqueuedAt: now, declinedBy: [] });
      d.effects.push({ type: 'recordEvent', sessionId: event.sessionId, kind: 'queued', at: now });
      return;
    case 'user.cancelled':
      return cancelUser(d, event.sessionId, event.reason, now);
    case 'offer.accepted':
      return acceptOffer(d, event.sessionId, event.agentId, now);
    case 'offer.declined':
    case 'offer.timedOut':
      return withdrawOffer(d, event.sessionId, event.agentId, event.type, now);
    case 'call.ended':
      return endCall(d, event.sessionId, event.reason, now);
    default: {
      const never: never = event;
      throw new Error(`unknown engine event ${JSON.stringify(never)}`);
    }
  }
}

function setPresence(d: Draft, agentId: AgentId, presence: 'available' | 'away', now: number): void {
  const agent = d.agents[agentId];
  if (!agent) return d.reject(`agent ${agentId} is not online`);
  if (agent.presence === 'busy' || agent.presence === 'offered') {
    return d.reject(`agent is ${agent.presence}; finish that first`);
  }
  if (agent.presence === presence) return;
  d.setAgent({ id: agentId, presence, idleSince: now });
  d.effects.push({ type: 'agentPresence', agentId, presence });
}

function disconnectAgent(d: Draft, agentId: AgentId): void {
  const agent = d.agents[agentId];
  if (!agent) return;
  d.removeAgent(agentId);
  if (!agent.sessionId) return;
  if (agent.presence === 'offered') {
    // The user keeps their place; the offer simply goes to someone else.
    d.clearOffer(agent.sessionId);
    d.effects.push({ type: 'cancelTimer', key: offerTimerKey(agent.sessionId) });
  } else if (agent.presence === 'busy') {
    d.removeCall(agent.sessionId);
    d.effects.push({ type: 'endCall', sessionId: agent.sessionId, agentId, reason: 'agent_disconnected' });
  }
}

function cancelUser(d: Draft, sessionId: SessionId, reason: 'user_cancelled' | 'user_disconnected', now: number): void {
  const index = d.queueIndex(sessionId);
  if (index < 0) return;
  const waiting = d.queue[index] as WaitingUser;
  d.queue.splice(index, 1);
  if (waiting.offeredTo) {
    d.freeAgent(waiting.offeredTo, now, false);
    d.effects.push(
      { type: 'cancelTimer', key: offerTimerKey(sessionId) },
      { type: 'revokeOffer', agentId: waiting.offeredTo, sessionId, reason: 'cancelled' },
    );
  }
  d.effects.push({ type: 'recordEvent', sessionId, kind: 'abandoned', at: now, reason });
}

function acceptOffer(d: Draft, sessionId: SessionId, agentId: AgentId, now: number): void {
  const index = d.queueIndex(sessionId);
  const waiting = d.queue[index];
  if (!waiting || waiting.offeredTo !== agentId) {
    return d.reject('this request is no longer offered to you');
  }
  d.queue.splice(index, 1);
  d.setAgent({ id: agentId, presence: 'busy', idleSince: now, sessionId });
  d.calls[sessionId] = agentId;
  d.effects.push(
    { type: 'cancelTimer', key: offerTimerKey(sessionId) },
    { type: 'recordEvent', sessionId, kind: 'accepted', at: now, agentId },
    { type: 'startCall', sessionId, agentId },
    { type: 'agentPresence', agentId, presence: 'busy' },
  );
}

function withdrawOffer(
  d: Draft,
  sessionId: SessionId,
  agentId: AgentId,
  why: 'offer.declined' | 'offer.timedOut',
  now: number,
): void {
  const index = d.queueIndex(sessionId);
  const waiting = d.queue[index];
  if (!waiting || waiting.offeredTo !== agentId) {
    if (why === 'offer.declined') d.reject('this request is no longer offered to you');
    return;
  }
  d.queue[index] = { ...withoutOffer(waiting), declinedBy: [...waiting.declinedBy, agentId] };
  const declined = why === 'offer.declined';
  // An agent who let an offer time out is probably not at the desk: set them away.
  d.freeAgent(agentId, now, !declined);
  d.effects.push({
    type: 'recordEvent',
    sessionId,
    kind: declined ? 'declined' : 'offer_timeout',
    at: now,
    agentId,
  });
  if (declined) d.effects.push({ type: 'cancelTimer', key: offerTimerKey(sessionId) });
  else d.effects.push({ type: 'revokeOffer', agentId, sessionId, reason: 'timeout' });
}

function endCall(
  d: Draft,
  sessionId: SessionId,
  reason: 'user_ended' | 'agent_ended' | 'user_disconnected',
  now: number,
): void {
  const agentId = d.calls[sessionId];
  if (!agentId) return d.reject('no live call for this session');
  d.removeCall(sessionId);
  d.freeAgent(agentId, now, false);
  d.effects.push({ type: 'endCall', sessionId, agentId, reason });
}

function withoutOffer({ offeredTo: _, ...rest }: WaitingUser): WaitingUser {
  return rest;
}

/** A mutable working copy of the state for one step; the input state is never changed. */
class Draft {
  readonly agents: Record<string, AgentState>;
  readonly queue: WaitingUser[];
  readonly calls: Record<string, AgentId>;
  readonly effects: Effect[] = [];

  constructor(private readonly base: EngineState) {
    this.agents = { ...base.agents };
    this.queue = [...base.queue];
    this.calls = { ...base.calls };
  }

  result(): EngineState {
    return { config: this.base.config, agents: this.agents, queue: this.queue, calls: this.calls };
  }

  reject(message: string): void {
    this.effects.push({ type: 'rejected', code: 'invalid_state', message });
  }

  queueIndex(sessionId: SessionId): number {
    return this.queue.findIndex((w) => w.sessionId === sessionId);
  }

  setAgent(agent: AgentState): void {
    this.agents[agent.id] = agent;
  }

  removeAgent(agentId: AgentId): void {
    delete this.agents[agentId];
  }

  removeCall(sessionId: SessionId): void {
    delete this.calls[sessionId];
  }

  clearOffer(sessionId: SessionId): void {
    const index = this.queueIndex(sessionId);
    const waiting = this.queue[index];
    if (waiting) this.queue[index] = withoutOffer(waiting);
  }

  /** After a call, a decline or a missed offer, the agent is idle again (or away). */
  freeAgent(agentId: AgentId, now: number, away: boolean): void {
    if (!this.agents[agentId]) return;
    const presence = away ? 'away' : 'available';
    this.setAgent({ id: agentId, presence, idleSince: now });
    this.effects.push({ type: 'agentPresence', agentId, presence });
  }

  /** Offers each waiting user, oldest first, to the longest-idle available agent. */
  dispatch(now: number): void {
    const idle = Object.values(this.agents)
      .filter((a) => a.presence === 'available')
      .sort((a, b) => a.idleSince - b.idleSince || (a.id < b.id ? -1 : 1));
    for (let i = 0; i < this.queue.length && idle.length > 0; i++) {
      const waiting = this.queue[i] as WaitingUser;
      if (waiting.offeredTo) continue;
      const pick = idle.findIndex((a) => !waiting.declinedBy.includes(a.id));
      if (pick < 0) continue;
      const [agent] = idle.splice(pick, 1) as [AgentState];
      const expiresAt = now + this.base.config.offerTimeoutMs;
      this.queue[i] = { ...waiting, offeredTo: agent.id };
      this.setAgent({ ...agent, presence: 'offered', sessionId: waiting.sessionId });
      this.effects.push(
        { type: 'recordEvent', sessionId: waiting.sessionId, kind: 'offered', at: now, agentId: agent.id },
        { type: 'offerToAgent', agentId: agent.id, sessionId: waiting.sessionId, expiresAt },
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

  /** Pushes each waiting user their position when it changed, and "no agents" when it applies. */
  tellWaitingUsers(): void {
    const anyoneWorking = Object.values(this.agents).some((a) => a.presence !== 'away');
    this.queue.forEach((waiting, index) => {
      const position = index + 1;
      const noAgents = !anyoneWorking;
      if (waiting.toldPosition === position && Boolean(waiting.toldNoAgents) === noAgents) return;
      if (waiting.toldPosition !== position) {
        this.effects.push({ type: 'notifyPosition', sessionId: waiting.sessionId, position });
      }
      if (noAgents && !waiting.toldNoAgents) {
        this.effects.push({ type: 'notifyNoAgents', sessionId: waiting.sessionId });
      }
      this.queue[index] = { ...waiting, toldPosition: position, toldNoAgents: noAgents };
    });
  }
}
