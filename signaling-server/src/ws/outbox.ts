import type { AgentId, ServerToConsole, ServerToWidget, SessionId } from '@lifeline/shared';
import type { Address } from '../runtime/engineInputs.js';
import { REPLACED } from './connection.js';

/** Carries a frame (or a close) to one socket, on this node or on another. */
export interface Transport {
  send(to: Address, data: string): void;
  close(to: Address, code: number, why: string): void;
  /** Asks a node to tell the engine of its sockets again (one it took for gone spoke up). */
  recheck(node: string): void;
}

/** A transport that may send a frame before the writes behind earlier ones (see `DurableOutput`). */
export interface OutputTransport extends Transport {
  sendAdvisory(to: Address, data: string): void;
}

/**
 * Where frames for a user or an agent go: the one socket each holds, wherever it is connected.
 * The engine's node keeps this map; everything that sends goes through here, so the hub and the
 * routes never touch sockets themselves.
 */
export class Outbox {
  private readonly users = new Map<SessionId, Address>();
  private readonly agents = new Map<AgentId, Address>();

  constructor(private readonly transport: OutputTransport) {}

  /** The user's new socket; an older one of the same session is closed. */
  attachUser(sessionId: SessionId, at: Address): void {
    const previous = this.users.get(sessionId);
    this.users.set(sessionId, at);
    if (previous && previous.conn !== at.conn)
      this.transport.close(previous, REPLACED, 'replaced by a newer connection');
  }

  /** True when this was the user's current socket (a replaced one leaving changes nothing). */
  detachUser(sessionId: SessionId, at: Address): boolean {
    if (this.users.get(sessionId)?.conn !== at.conn) return false;
    this.users.delete(sessionId);
    return true;
  }

  attachAgent(agentId: AgentId, at: Address): void {
    const previous = this.agents.get(agentId);
    this.agents.set(agentId, at);
    if (previous && previous.conn !== at.conn) this.transport.close(previous, REPLACED, 'signed in elsewhere');
  }

  detachAgent(agentId: AgentId, at: Address): boolean {
    if (this.agents.get(agentId)?.conn !== at.conn) return false;
    this.agents.delete(agentId);
    return true;
  }

  userAt(sessionId: SessionId): Address | undefined {
    return this.users.get(sessionId);
  }

  agentAt(agentId: AgentId): Address | undefined {
    return this.agents.get(agentId);
  }

  hasUser(sessionId: SessionId): boolean {
    return this.users.has(sessionId);
  }

  hasAgent(agentId: AgentId): boolean {
    return this.agents.has(agentId);
  }

  toUser(sessionId: SessionId, message: ServerToWidget): void {
    const to = this.users.get(sessionId);
    if (to) this.transport.send(to, JSON.stringify(message));
  }

  /** A place in the queue: the engine tells it again after a restart, so it need not wait for a write. */
  advisoryToUser(sessionId: SessionId, message: ServerToWidget): void {
    const to = this.users.get(sessionId);
    if (to) this.transport.sendAdvisory(to, JSON.stringify(message));
  }

  toAgent(agentId: AgentId, message: ServerToConsole): void {
    const to = this.agents.get(agentId);
    if (to) this.transport.send(to, JSON.stringify(message));
  }

  /** A frame to one socket, current or not (an error answering what it just sent). */
  toSocket(to: Address, message: { type: string }): void {
    this.transport.send(to, JSON.stringify(message));
  }

  closeSocket(to: Address, code: number, why: string): void {
    this.transport.close(to, code, why);
  }

  recheck(node: string): void {
    this.transport.recheck(node);
  }

  /** The nodes holding sockets, other than `except`. */
  nodes(except: string): Set<string> {
    const nodes = new Set<string>();
    for (const at of [...this.users.values(), ...this.agents.values()]) if (at.node !== except) nodes.add(at.node);
    return nodes;
  }

  /** Who was connected through `node`, forgotten here: that node is gone. */
  dropNode(node: string): { users: SessionId[]; agents: AgentId[] } {
    const users = [...this.users].filter(([, at]) => at.node === node).map(([id]) => id);
    const agents = [...this.agents].filter(([, at]) => at.node === node).map(([id]) => id);
    for (const id of users) this.users.delete(id);
    for (const id of agents) this.agents.delete(id);
    return { users, agents };
  }

  /** Forgets every socket: this node no longer runs the engine. */
  clear(): void {
    this.users.clear();
    this.agents.clear();
  }
}
