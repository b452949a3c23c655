import { type AgentId, type ConsoleToServer, LifelineError } from '@lifeline/shared';
import type { Address, AgentCard } from '../runtime/engineInputs.js';
import type { Hub } from './hub.js';
import { throwIfRejected } from './rejection.js';

/** A signed-in agent's console is connected, on any node. */
export function agentAttached(hub: Hub, from: Address, agent: AgentCard): void {
  const agentId = agent.id;
  hub.rememberAgent(agent);
  hub.outbox.attachAgent(agentId, from);
  hub.engine.dispatch({ type: 'agent.online', agentId, skills: agent.skills });
  resumeStandingChoice(hub, agentId);
  const state = hub.engine.state.agents.get(agentId);
  hub.toAgent(agentId, { type: 'agent.state', status: state?.presence ?? 'away', name: hub.agentName(agentId) });
  void hub
    .resumeAgent(agentId)
    .catch((err: unknown) => hub.deps.log.error({ err, agentId }, 'could not resume the call'));
}

/** After a takeover, an agent who was available (or away, and why) is so again, unasked. */
function resumeStandingChoice(hub: Hub, agentId: AgentId): void {
  const standing = hub.standing.take(agentId);
  const known = hub.engine.state.agents.get(agentId);
  if (!standing || known?.presence !== 'away' || known.offline) return;
  if (standing.presence === 'available') hub.engine.dispatch({ type: 'agent.available', agentId });
  else hub.engine.dispatch({ type: 'agent.away', agentId, ...(standing.reason ? { reason: standing.reason } : {}) });
}

/** One frame from the console, already checked for rate and shape by the node holding its socket. */
export function agentFrame(hub: Hub, agentId: AgentId, message: ConsoleToServer): void {
  const { engine } = hub;
  switch (message.type) {
    case 'agent.setStatus':
      throwIfRejected(
        engine.dispatch({ type: message.status === 'available' ? 'agent.available' : 'agent.away', agentId }),
      );
      return;
    case 'offer.accept':
      throwIfRejected(engine.dispatch({ type: 'offer.accepted', sessionId: message.sessionId, agentId }));
      return;
    case 'offer.decline':
      throwIfRejected(engine.dispatch({ type: 'offer.declined', sessionId: message.sessionId, agentId }));
      return;
    case 'session.end':
      if (hub.agentOf(message.sessionId) !== agentId) throw LifelineError.invalidState('not your call');
      engine.dispatch({ type: 'call.ended', sessionId: message.sessionId, reason: 'agent_ended' });
      return;
    case 'call.transfer': {
      const to = 'agentId' in message.to ? { agentId: message.to.agentId as AgentId } : message.to;
      const { sessionId, note } = message;
      throwIfRejected(engine.dispatch({ type: 'transfer.requested', sessionId, fromAgentId: agentId, to, note }));
      return;
    }
    case 'signal.description':
    case 'signal.candidate': {
      if (hub.agentOf(message.sessionId) !== agentId) throw LifelineError.invalidState('not your call');
      const { sessionId, ...signal } = message;
      hub.toUser(sessionId, signal);
      return;
    }
    default: {
      const never: never = message;
      throw LifelineError.badMessage(`unhandled ${JSON.stringify(never)}`);
    }
  }
}

/** The console's socket closed; a replaced one leaving changes nothing. */
export function agentDetached(hub: Hub, from: Address, agentId: AgentId): void {
  if (hub.outbox.detachAgent(agentId, from)) hub.engine.dispatch({ type: 'agent.disconnected', agentId });
}
