import { type AgentId, ConsoleToServer, type SessionId, WidgetToServer } from '@lifeline/shared';
import type { RawData, WebSocket } from 'ws';
import type { Clock } from '../clock.js';
import { newConnectionId } from '../ids.js';
import type { Address, AgentCard, EngineInput } from '../runtime/engineInputs.js';
import { receiveFrame } from './connection.js';
import type { HeldSocket } from './heldSocket.js';
import { take } from './rateLimit.js';

type Holder = { role: 'user'; sessionId: SessionId } | { role: 'agent'; agent: AgentCard };

/**
 * The sockets connected to this node. Each gets an address; its frames are checked here (rate,
 * schema) and go to the engine as inputs, wherever it runs. Frames for it come back by address.
 * Thousands of waiting users each hold a socket, so a socket costs one entry here and what it
 * needs is kept on it (`HeldSocket`); the listeners are shared (`this` is the socket), not
 * closures made per connection.
 */
export class Edge {
  /** Signed-in sockets by their connection id. */
  private readonly sockets = new Map<string, HeldSocket>();
  /** Sockets still signing in (the WebSocket server keeps no list: these and `sockets` are all). */
  private readonly signingIn = new Set<HeldSocket>();
  // Typed as ws types its listeners; `this` is always a HeldSocket, the server's socket class.
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
      edge.received(this as HeldSocket, data, isBinary);
    };
    this.onClose = function () {
      edge.closed(this as HeldSocket);
    };
  }

  /** A signed-in widget or console: from now on the engine hears of it, its frames and its end. */
  hold(ws: HeldSocket, holder: Holder): void {
    ws.who = holder.role === 'user' ? holder.sessionId : holder.agent;
    const from: Address = { node: this.node, conn: newConnectionId() };
    ws.from = from;
    this.sockets.set(from.conn, ws);
    this.signingIn.delete(ws);
    this.announce(from, ws.who);
    ws.on('message', this.onMessage);
  }

  /** A new socket, before it signs in: counted from now on, until it closes. */
  admit(ws: HeldSocket): void {
    this.signingIn.add(ws);
    ws.on('close', this.onClose);
  }

  /** Every open socket: signing in or held. */
  *everySocket(): Iterable<WebSocket> {
    yield* this.signingIn;
    yield* this.sockets.values();
  }

  send(conn: string, data: string): void {
    const ws = this.sockets.get(conn);
    if (ws && ws.readyState === ws.OPEN) ws.send(data);
  }

  close(conn: string, code: number, why: string): void {
    this.sockets.get(conn)?.close(code, why);
  }

  /** Closes every socket of this agent on this node (their sign-in ended). */
  closeAgent(agentId: AgentId, code: number, why: string): void {
    for (const ws of this.sockets.values()) {
      if (typeof ws.who === 'object' && ws.who.id === agentId) ws.close(code, why);
    }
  }

  /**
   * Tells the engine again of every socket held here: a new node runs it (it restored from the
   * database and knows no socket), or this node was cut off from it for a while.
   */
  announceAll(): void {
    for (const { from, who } of this.sockets.values()) if (from && who) this.announce(from, who);
  }

  private received(ws: HeldSocket, data: RawData, isBinary: boolean): void {
    const { from, who } = ws;
    if (!from || !who) return;
    const allowed = !this.rateLimited || take(ws, this.clock.now());
    if (typeof who === 'string') {
      const sessionId = who;
      receiveFrame(ws, data, isBinary, WidgetToServer, allowed, (message) =>
        this.toEngine({ type: 'user.frame', from, sessionId, message }),
      );
    } else {
      const agentId = who.id;
      receiveFrame(ws, data, isBinary, ConsoleToServer, allowed, (message) =>
        this.toEngine({ type: 'agent.frame', from, agentId, message }),
      );
    }
  }

  private closed(ws: HeldSocket): void {
    if (this.signingIn.delete(ws)) return;
    const { from, who } = ws;
    if (!from || !who || !this.sockets.delete(from.conn)) return;
    if (typeof who === 'string') this.toEngine({ type: 'user.detached', from, sessionId: who });
    else this.toEngine({ type: 'agent.detached', from, agentId: who.id });
  }

  private announce(from: Address, who: SessionId | AgentCard): void {
    if (typeof who === 'string') this.toEngine({ type: 'user.attached', from, sessionId: who });
    else this.toEngine({ type: 'agent.attached', from, agent: who });
  }
}
