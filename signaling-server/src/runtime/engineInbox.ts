import { type AgentId, ErrorCode, LifelineError } from '@lifeline/shared';
import type { Store } from '../store/types.js';
import { agentAttached, agentDetached, agentFrame } from '../ws/agentInputs.js';
import { errorFrame } from '../ws/connection.js';
import type { Hub } from '../ws/hub.js';
import { userAttached, userDetached, userFrame, userGone } from '../ws/userInputs.js';
import type { Address, AnswerOf, EngineInput, EngineQuery } from './engineInputs.js';
import { floorReply, liveCounts } from './floorView.js';
import { applyRoomEvent } from './roomEvents.js';

/**
 * The engine's door, on the node that runs it: inputs from every node's sockets and routes are
 * handled here, and the routes' questions about the live state answered. Inputs of one socket are
 * handled in order even when one waits on the database (a session not in memory yet).
 */
export class EngineInbox {
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly hub: Hub,
    private readonly store: Store,
  ) {}

  handle(input: EngineInput): void {
    const conn = 'from' in input ? input.from.conn : undefined;
    const before = conn ? this.chains.get(conn) : undefined;
    if (!before) {
      const pending = this.run(input);
      if (pending && conn) this.chain(conn, pending);
      return;
    }
    this.chain(
      conn as string,
      before.then(() => this.run(input)),
    );
  }

  async answer<Q extends EngineQuery>(query: Q): Promise<AnswerOf<Q>> {
    const { hub } = this;
    const state = hub.engine.state;
    switch (query.type) {
      case 'floor': {
        const { config, clock } = hub.deps;
        return floorReply(config, hub, await this.store.agents(), clock.now()) as AnswerOf<Q>;
      }
      case 'presence':
        return Object.fromEntries([...state.agents].map(([id, a]) => [id, a.presence])) as AnswerOf<Q>;
      case 'counts':
        return liveCounts(hub) as AnswerOf<Q>;
      case 'availability':
        return { ...liveCounts(hub), etaMs: hub.etas.forNewRequest()?.etaMs ?? null } as AnswerOf<Q>;
      case 'session': {
        const { sessionId, agentId } = query;
        const offered = state.queue.some((w) => w.sessionId === sessionId && w.offeredTo === agentId);
        const transferredTo = state.transfers.get(sessionId)?.to === agentId;
        return {
          live: hub.sessions.get(sessionId) ?? null,
          agentInCall: hub.agentOf(sessionId) ?? null,
          ringing: agentId !== undefined && (offered || transferredTo),
        } as AnswerOf<Q>;
      }
      default: {
        const never: never = query;
        throw LifelineError.badMessage(`unknown query ${JSON.stringify(never)}`);
      }
    }
  }

  /** Forgets queued work: this node no longer runs the engine. */
  clear(): void {
    this.chains.clear();
  }

  private chain(conn: string, pending: Promise<void>): void {
    this.chains.set(conn, pending);
    void pending.finally(() => {
      if (this.chains.get(conn) === pending) this.chains.delete(conn);
    });
  }

  /** Handles one input; a promise only when it had to wait. Errors answer the socket that sent it. */
  private run(input: EngineInput): Promise<void> | undefined {
    try {
      const pending = this.apply(input);
      return pending?.catch((err: unknown) => this.failed(input, err));
    } catch (err) {
      this.failed(input, err);
      return undefined;
    }
  }

  private apply(input: EngineInput): Promise<void> | undefined {
    const { hub } = this;
    switch (input.type) {
      case 'user.attached':
        return userAttached(hub, input.from, input.sessionId);
      case 'user.frame':
        if (this.current(input.from, hub.outbox.userAt(input.sessionId)))
          userFrame(hub, input.sessionId, input.message);
        return;
      case 'user.detached':
        userDetached(hub, input.from, input.sessionId);
        return;
      case 'agent.attached':
        agentAttached(hub, input.from, input.agent);
        return;
      case 'agent.frame':
        if (this.current(input.from, hub.outbox.agentAt(input.agentId))) agentFrame(hub, input.agentId, input.message);
        return;
      case 'agent.detached':
        agentDetached(hub, input.from, input.agentId);
        return;
      case 'agent.updated':
        hub.rememberAgent(input.agent);
        return;
      case 'session.opened':
        hub.sessions.track(input.session);
        hub.awaitFirstConnection(input.session.id);
        return;
      case 'node.gone': {
        const { users, agents } = hub.outbox.dropNode(input.node);
        for (const sessionId of users) userGone(hub, sessionId);
        for (const agentId of agents) hub.engine.dispatch({ type: 'agent.disconnected', agentId });
        return;
      }
      case 'media.roomEvent':
        applyRoomEvent(hub, input);
        return;
      case 'callbacks.changed':
        hub.callbacks.wake();
        if (input.tell) {
          const { sessionId, id, dueAt, agentName } = input.tell;
          hub.toUser(sessionId, { type: 'callback.scheduled', id, dueAt, agentName });
        }
        if (input.consoles) {
          const agents = input.consoles === 'all' ? ([...hub.engine.state.agents.keys()] as AgentId[]) : input.consoles;
          for (const agentId of agents) hub.toAgent(agentId, { type: 'callbacks.changed' });
        }
        return;
      case 'callback.cancel':
        if (!hub.agentOf(input.sessionId))
          hub.engine.dispatch({ type: 'user.cancelled', sessionId: input.sessionId, reason: 'user_cancelled' });
        return;
      default: {
        const never: never = input;
        hub.deps.log.error({ input: never }, 'unknown engine input');
      }
    }
  }

  /**
   * Frames from a socket the engine does not hold (replaced, or refused) are not acted on. When
   * it holds no socket at all for that user or agent, their node was taken for gone (cut off from
   * Redis for a while): it is asked to tell of its sockets again.
   */
  private current(from: Address, held: Address | undefined): boolean {
    if (!held) this.hub.outbox.recheck(from.node);
    return held?.conn === from.conn;
  }

  private failed(input: EngineInput, err: unknown): void {
    const known = err instanceof LifelineError;
    if (!known) this.hub.deps.log.error({ err, input: input.type }, 'engine input failed');
    const error = known ? err : new LifelineError(ErrorCode.Internal, 'internal error');
    if ('from' in input) this.hub.outbox.toSocket(input.from, errorFrame(error));
  }
}
