import { type AgentId, ConsoleToServer, type SessionId, WidgetToServer } from '@lifeline/shared';
import type { WebSocket } from 'ws';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';
import type { Address, AgentCard, EngineInput } from '../runtime/engineInputs.js';
import { onFrames } from './connection.js';

type Holder = { role: 'user'; sessionId: SessionId } | { role: 'agent'; agent: AgentCard };

interface Held {
  ws: WebSocket;
  holder: Holder;
}

/**
 * The sockets connected to this node. Each gets an address; its frames are checked here (rate,
 * schema) and go to the engine as inputs, wherever it runs. Frames for it come back by address.
 */
export class Edge {
  private readonly sockets = new Map<string, Held>();

  constructor(
    readonly node: string,
    private readonly clock: Clock,
    private readonly rateLimited: boolean,
    private readonly toEngine: (input: EngineInput) => void,
  ) {}

  /** A signed-in widget or console: from now on the engine hears of it, its frames and its end. */
  hold(ws: WebSocket, holder: Holder): void {
    const from: Address = { node: this.node, conn: newId() };
    this.sockets.set(from.conn, { ws, holder });
    this.announce(from, holder);
    if (holder.role === 'user') {
      const { sessionId } = holder;
      const forward = (message: WidgetToServer) => this.toEngine({ type: 'user.frame', from, sessionId, message });
      onFrames(ws, WidgetToServer, this.clock, forward, this.rateLimited);
    } else {
      const agentId = holder.agent.id;
      const forward = (message: ConsoleToServer) => this.toEngine({ type: 'agent.frame', from, agentId, message });
      onFrames(ws, ConsoleToServer, this.clock, forward, this.rateLimited);
    }
    ws.on('close', () => {
      if (!this.sockets.delete(from.conn)) return;
      if (holder.role === 'user') this.toEngine({ type: 'user.detached', from, sessionId: holder.sessionId });
      else this.toEngine({ type: 'agent.detached', from, agentId: holder.agent.id });
    });
  }

  send(conn: string, data: string): void {
    const ws = this.sockets.get(conn)?.ws;
    if (ws && ws.readyState === ws.OPEN) ws.send(data);
  }

  close(conn: string, code: number, why: string): void {
    this.sockets.get(conn)?.ws.close(code, why);
  }

  /** Closes every socket of this agent on this node (their sign-in ended). */
  closeAgent(agentId: AgentId, code: number, why: string): void {
    for (const { ws, holder } of this.sockets.values()) {
      if (holder.role === 'agent' && holder.agent.id === agentId) ws.close(code, why);
    }
  }

  /**
   * Tells the engine again of every socket held here: a new node runs it (it restored from the
   * database and knows no socket), or this node was cut off from it for a while.
   */
  announceAll(): void {
    for (const [conn, { holder }] of this.sockets) this.announce({ node: this.node, conn }, holder);
  }

  private announce(from: Address, holder: Holder): void {
    if (holder.role === 'user') this.toEngine({ type: 'user.attached', from, sessionId: holder.sessionId });
    else this.toEngine({ type: 'agent.attached', from, agent: holder.agent });
  }
}
