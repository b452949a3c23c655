import type { AgentId, FloorReply, SessionId } from '@lifeline/shared';
import type { Config } from '../config.js';
import type { EngineState } from '../matching/types.js';
import type { Store } from '../store/types.js';

/** The live floor from the engine's state and the store's names: no socket is touched. */
export function floorReply(config: Config, state: EngineState, store: Store, now: number): FloorReply {
  const nameOf = (id: string) => store.agent(id as AgentId)?.name ?? 'Agent';
  return {
    media: config.livekit ? 'livekit' : 'p2p',
    waiting: state.queue.map((w, index) => {
      const context = store.getSession(w.sessionId)?.context;
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
    calls: [...state.calls].map(([sessionId, agentId]) => {
      const session = store.getSession(sessionId as SessionId);
      const accepted = session?.events.findLast((e) => e.kind === 'accepted');
      return {
        sessionId,
        agentId,
        agentName: nameOf(agentId),
        ...(session?.context.name ? { userName: session.context.name } : {}),
        startedAt: accepted?.at ?? null,
      };
    }),
    agents: [...store.agents()].map((agent) => {
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
