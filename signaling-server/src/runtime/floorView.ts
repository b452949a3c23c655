import type { FloorReply, SessionId } from '@lifeline/shared';
import type { Config } from '../config.js';
import type { AgentRecord } from '../store/types.js';
import type { Hub } from '../ws/hub.js';
import type { LiveCounts } from './engineInputs.js';

/**
 * The live floor from the engine's state, its open sessions and the agents: no socket is touched.
 * `listed` waiting users from the head of the queue are listed (all of them unless said).
 */
export function floorReply(
  config: Config,
  hub: Hub,
  agents: readonly AgentRecord[],
  now: number,
  listed = Number.POSITIVE_INFINITY,
): FloorReply {
  const state = hub.engine.state;
  const names = new Map<string, string>(agents.map((a) => [a.id, a.name]));
  const nameOf = (id: string) => names.get(id) ?? 'Agent';
  return {
    media: config.livekit ? 'livekit' : 'p2p',
    waiting: state.queue.slice(0, listed).map((w, index) => {
      const context = hub.sessions.get(w.sessionId)?.context;
      return {
        sessionId: w.sessionId,
        position: index + 1,
        waitedMs: now - w.enqueuedAt,
        ...(context?.name ? { name: context.name } : {}),
        ...(w.traits.language ? { language: w.traits.language } : {}),
        tier: w.traits.tier ?? 0,
        callback: !!w.callback,
        ...(w.offeredTo ? { offeredTo: nameOf(w.offeredTo) } : {}),
      };
    }),
    waitingCount: state.queue.length,
    calls: [...state.calls].map(([sessionId, agentId]) => {
      const session = hub.sessions.get(sessionId as SessionId);
      const accepted = session?.events.findLast((e) => e.kind === 'accepted');
      return {
        sessionId,
        agentId,
        agentName: nameOf(agentId),
        ...(session?.context.name ? { userName: session.context.name } : {}),
        startedAt: accepted?.at ?? null,
      };
    }),
    agents: agents.map((agent) => {
      const live = state.agents.get(agent.id);
      return {
        id: agent.id,
        name: agent.name,
        team: agent.team,
        presence: live?.presence ?? 'offline',
        ...(live?.awayReason ? { awayReason: live.awayReason } : {}),
      };
    }),
  };
}

/** The floor in four numbers, for the figures. */
export function liveCounts(hub: Hub): LiveCounts {
  const state = hub.engine.state;
  const agents = [...state.agents.values()];
  return {
    waiting: state.queue.length,
    inCall: state.calls.size,
    agentsAvailable: agents.filter((a) => a.presence === 'available').length,
    agentsOnline: agents.length,
  };
}
