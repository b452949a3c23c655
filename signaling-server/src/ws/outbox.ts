import type { AgentId, ServerToConsole, ServerToWidget, SessionId } from '@lifeline/shared';
import type { WebSocket } from 'ws';
import { REPLACED, sendFrame } from './connection.js';

/**
 * Where frames for a user or an agent go: the one socket each holds. Everything that sends
 * goes through here, so the hub and the routes never touch sockets themselves.
 */
export class Outbox {
  private readonly users = new Map<SessionId, WebSocket>();
  private readonly agents = new Map<AgentId, WebSocket>();

  /** The user's new socket; an older one of the same session is closed. */
  attachUser(sessionId: SessionId, ws: WebSocket): void {
    this.users.get(sessionId)?.close(REPLACED, 'replaced by a newer connection');
    this.users.set(sessionId, ws);
  }

  /** True when this was the user's current socket (a replaced one leaving changes nothing). */
  detachUser(sessionId: SessionId, ws: WebSocket): boolean {
    if (this.users.get(sessionId) !== ws) return false;
    this.users.delete(sessionId);
    return true;
  }

  attachAgent(agentId: AgentId, ws: WebSocket): void {
    const previous = this.agents.get(agentId);
    this.agents.set(agentId, ws);
    previous?.close(REPLACED, 'signed in elsewhere');
  }

  detachAgent(agentId: AgentId, ws: WebSocket): boolean {
    if (this.agents.get(agentId) !== ws) return false;
    this.agents.delete(agentId);
    return true;
  }

  hasUser(sessionId: SessionId): boolean {
    return this.users.has(sessionId);
  }

  hasAgent(agentId: AgentId): boolean {
    return this.agents.has(agentId);
  }

  toUser(sessionId: SessionId, message: ServerToWidget): void {
    sendFrame(this.users.get(sessionId), message);
  }

  toAgent(agentId: AgentId, message: ServerToConsole): void {
    sendFrame(this.agents.get(agentId), message);
  }

  /** Ends an agent's connection with a close code their console understands. */
  closeAgent(agentId: AgentId, code: number, why: string): void {
    this.agents.get(agentId)?.close(code, why);
  }
}
