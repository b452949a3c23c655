import { type AgentId, ConsoleToServer, type SessionId, WidgetToServer } from '@lifeline/shared';
import type { RawData, WebSocket } from 'ws';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';
import type { Address, AgentCard, EngineInput } from '../runtime/engineInputs.js';
import { receiveFrame } from './connection.js';
import { RATE_BURST, type RateBudget, take } from './rateLimit.js';

type Holder = { role: 'user'; sessionId: SessionId } | { role: 'agent'; agent: AgentCard };

/** One socket held here: who it is, its address on this node, and its rate budget. */
class Held implements RateBudget {
  tokens = RATE_BURST;
  constructor(
    readonly ws: WebSocket,
    readonly conn: string,
    readonly holder: Holder,
    public last: number,
  ) {}
}

/**
 * The sockets connected to this node. Each gets an address; its frames are checked here (rate,
 * schema) and go to the engine as inputs, wherever it runs. Frames for it come back by address.
 * Thousands of waiting users each hold a socket, so a socket costs one small record here: the
 * listeners are shared (`this` is the socket), not closures made per connection.
 */
export class Edge {
  private readonly sockets = new Map<string, Held>();
  private readonly held = new WeakMap<WebSocket, Held>();
  private readonly onMessage: (this: WebSocket, data: RawData, isBinary: boolean) => void;
  private readonly onClose: (this: WebSocket) => void;

  constructor(
    readonly node: string,
    private readonly clock: Clock,
    private readonly rateLimited: boolean,
    private readonly toEngine: (input: EngineInput) => void,
  ) {
    const edge = this;
    this.onMessage = function (data, isBinary) {
      edge.received(this, data, isBinary);
    };
    this.onClose = function () {
      edge.closed(this);
    };
  }

  /** A signed-in widget or console: from now on the engine hears of it, its frames and its end. */
  hold(ws: WebSocket, holder: Holder): void {
    const held = new Held(ws, newId(), holder, this.clock.now());
    this.sockets.set(held.conn, held);
    this.held.set(ws, held);
    this.announce(this.address(held.conn), holder);
    ws.on('message', this.onMessage);
    ws.on('close', this.onClose);
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
    for (const [conn, { holder }] of this.sockets) this.announce(this.address(conn), holder);
  }

  private received(ws: WebSocket, data: RawData, isBinary: boolean): void {
    const held = this.held.get(ws);
    if (!held) return;
    const allowed = !this.rateLimited || take(held, this.clock.now());
    const from = this.address(held.conn);
    const { holder } = held;
    if (holder.role === 'user') {
      const { sessionId } = holder;
      receiveFrame(ws, data, isBinary, WidgetToServer, allowed, (message) =>
        this.toEngine({ type: 'user.frame', from, sessionId, message }),
      );
    } else {
      const agentId = holder.agent.id;
      receiveFrame(ws, data, isBinary, ConsoleToServer, allowed, (message) =>
        this.toEngine({ type: 'agent.frame', from, agentId, message }),
      );
    }
  }

  private closed(ws: WebSocket): void {
    const held = this.held.get(ws);
    if (!held || !this.sockets.delete(held.conn)) return;
    const from = this.address(held.conn);
    const { holder } = held;
    if (holder.role === 'user') this.toEngine({ type: 'user.detached', from, sessionId: holder.sessionId });
    else this.toEngine({ type: 'agent.detached', from, agentId: holder.agent.id });
  }

  private address(conn: string): Address {
    return { node: this.node, conn };
  }

  private announce(from: Address, holder: Holder): void {
    if (holder.role === 'user') this.toEngine({ type: 'user.attached', from, sessionId: holder.sessionId });
    else this.toEngine({ type: 'agent.attached', from, agent: holder.agent });
  }
}
