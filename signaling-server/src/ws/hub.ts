import type { AgentId, ServerToConsole, ServerToWidget, SessionId } from '@lifeline/shared';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { EngineRunner } from '../matching/runner.js';
import type { Effect } from '../matching/types.js';
import { iceServersFor } from '../media/iceServers.js';
import type { Store } from '../store/types.js';
import { sendFrame } from './connection.js';

export interface HubDeps {
  config: Config;
  clock: Clock;
  store: Store;
  log: Logger;
}

/**
 * The WebSocket hub: one socket per waiting or live user session and one per signed-in agent.
 * It turns engine effects into frames and keeps each session's messages inside that session.
 */
export class Hub {
  readonly engine: EngineRunner;
  readonly users = new Map<SessionId, WebSocket>();
  readonly agents = new Map<AgentId, WebSocket>();

  constructor(readonly deps: HubDeps) {
    this.engine = new EngineRunner({ offerTimeoutMs: deps.config.offerTimeoutMs }, deps.clock, (e) => this.apply(e));
  }

  toUser(sessionId: SessionId, message: ServerToWidget): void {
    sendFrame(this.users.get(sessionId), message);
  }

  toAgent(agentId: AgentId, message: ServerToConsole): void {
    sendFrame(this.agents.get(agentId), message);
  }

  /** The agent in a live call with this session, if any. */
  agentOf(sessionId: SessionId): AgentId | undefined {
    return this.engine.state.calls[sessionId];
  }

  agentName(agentId: AgentId): string {
    return this.deps.store.agent(agentId)?.name ?? 'Support agent';
  }

  close(): void {
    this.engine.close();
  }

  private apply(effect: Effect): void {
    const { store, clock, config } = this.deps;
    switch (effect.type) {
      case 'recordEvent': {
        const { type: _, sessionId, ...event } = effect;
        store.appendEvent(sessionId, event);
        if (event.kind === 'abandoned' && event.reason) {
          this.toUser(sessionId, { type: 'session.ended', reason: event.reason });
        }
        return;
      }
      case 'offerToAgent': {
        const session = store.getSession(effect.sessionId);
        if (!session) return;
        return this.toAgent(effect.agentId, {
          type: 'offer.incoming',
          sessionId: effect.sessionId,
          user: session.context,
          requestedAt: session.requestedAt,
          expiresAt: effect.expiresAt,
        });
      }
      case 'revokeOffer':
        return this.toAgent(effect.agentId, {
          type: 'offer.revoked',
          sessionId: effect.sessionId,
          reason: effect.reason,
        });
      case 'startCall': {
        const session = store.getSession(effect.sessionId);
        const iceServers = iceServersFor(config, effect.sessionId, clock.now());
        this.toUser(effect.sessionId, {
          type: 'session.live',
          agent: { name: this.agentName(effect.agentId) },
          iceServers,
          polite: true,
        });
        return this.toAgent(effect.agentId, {
          type: 'session.live',
          sessionId: effect.sessionId,
          user: session?.context ?? {},
          iceServers,
          polite: false,
        });
      }
      case 'endCall':
        store.appendEvent(effect.sessionId, { kind: 'ended', at: clock.now(), reason: effect.reason });
        this.toUser(effect.sessionId, { type: 'session.ended', reason: effect.reason });
        return this.toAgent(effect.agentId, {
          type: 'session.ended',
          sessionId: effect.sessionId,
          reason: effect.reason,
        });
      case 'notifyPosition':
        return this.toUser(effect.sessionId, { type: 'session.queued', position: effect.position });
      case 'notifyNoAgents':
        return this.toUser(effect.sessionId, { type: 'session.noAgents' });
      case 'agentPresence':
        return this.toAgent(effect.agentId, {
          type: 'agent.state',
          status: effect.presence,
          name: this.agentName(effect.agentId),
        });
      case 'rejected':
      case 'scheduleTimer':
      case 'cancelTimer':
        return; // answered by the caller / handled by the runner
      default: {
        const never: never = effect;
        this.deps.log.error({ effect: never }, 'unknown effect');
      }
    }
  }
}
