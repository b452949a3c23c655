import type { AgentId } from '@lifeline/shared';
import type { Edge } from '../ws/edge.js';
import type { Hub } from '../ws/hub.js';
import type { Transport } from '../ws/outbox.js';
import type { Address, AnswerOf, EngineInput, EngineLink, EngineQuery } from './engineInputs.js';

/** One node: the engine and every socket live in this process, so inputs and frames go straight through. */
export class LocalLink implements EngineLink, Transport {
  constructor(
    private readonly hub: Hub,
    private readonly edge: Edge,
  ) {}

  input(input: EngineInput): void {
    this.hub.inbox.handle(input);
  }

  ask<Q extends EngineQuery>(query: Q): Promise<AnswerOf<Q>> {
    return this.hub.inbox.answer(query);
  }

  closeAgent(agentId: AgentId, code: number, why: string): void {
    this.edge.closeAgent(agentId, code, why);
  }

  send(to: Address, data: string): void {
    this.edge.send(to.conn, data);
  }

  close(to: Address, code: number, why: string): void {
    this.edge.close(to.conn, code, why);
  }

  /** One process never loses track of its own sockets. */
  recheck(): void {}
}
