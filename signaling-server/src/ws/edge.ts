import { type AgentId, ConsoleToServer, type SessionId, WidgetToServer } from '@lifeline/shared';
import type { RawData, WebSocket } from 'ws';
import type { Clock } from '../clock.js';
import { newConnectionId } from '../ids.js';
import type { Address, AgentCard, EngineInput } from '../runtime/engineInputs.js';
import { receiveFrame } from './connection.js';
import { type RateBudget, take } from './rateLimit.js';

type Holder = { role: 'user'; sessionId: SessionId } | { role: 'agent'; agent: AgentCard };

/**
 * One socket held here: who it is, its address on this node, and its rate budget. Who: a user's
 * session id (a string) or an agent's card, so a waiting user's socket needs no holder object.
 */
class Held implements RateBudget {
  tokens: number | undefined = undefined;
  last: number | undefined = undefined;
  constructor(
    readonly ws: WebSocket,
    /** One address for the socket's life: the engine's outbox keeps this very object. */
    readonly from: Address,
    readonly who: SessionId | AgentCard,
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
  /** Sockets still signing in (the WebSocket server keeps no list: these and `sockets` are all). */
  private readonly signingIn = new Set<WebSocket>();
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
    const who = holder.role === 'user' ? holder.sessionId : holder.agent;
    const held = new Held(ws, { node: this.node, conn: newConnectionId() }, who);
    this.sockets.set(held.from.conn, held);
    this.signingIn.delete(ws);
    this.held.set(ws, held);
    this.announce(held);
    ws.on('message', this.onMessage);
  }

  /** A new socket, before it signs in: counted from now on, until it closes. */
  admit(ws: WebSocket): void {
    this.signingIn.add(ws);
    ws.on('close', this.onClose);
  }

  /** Every open socket: signing in or held. */
  *everySocket(): Iterable<WebSocket> {
    yield* this.signingIn;
    for (const { ws } of this.sockets.values()) yield ws;
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
    for (const { ws, who } of this.sockets.values()) {
      if (typeof who !== 'string' && who.id === agentId) ws.close(code, why);
    }
  }

  /**
   * Tells the engine again of every socket held here: a new node runs it (it restored from the
   * database and knows no socket), or this node was cut off from it for a while.
   */
  announceAll(): void {
    for (const held of this.sockets.values()) this.announce(held);
  }

  private received(ws: WebSocket, data: RawData, isBinary: boolean): void {
    const held = this.held.get(ws);
    if (!held) return;
    const allowed = !this.rateLimited || take(held, this.clock.now());
    const { from, who } = held;
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

  private closed(ws: WebSocket): void {
    if (this.signingIn.delete(ws)) return;
    const held = this.held.get(ws);
    if (!held || !this.sockets.delete(held.from.conn)) return;
    const { from, who } = held;
    if (typeof who === 'string') this.toEngine({ type: 'user.detached', from, sessionId: who });
    else this.toEngine({ type: 'agent.detached', from, agentId: who.id });
  }

  private announce({ from, who }: Held): void {
    if (typeof who === 'string') this.toEngine({ type: 'user.attached', from, sessionId: who });
    else this.toEngine({ type: 'agent.attached', from, agent: who });
  }
}
