import type { AgentId } from '@lifeline/shared';
import type { Clock } from '../clock.js';
import type { AgentPresence } from '../matching/types.js';
import type { PresenceBook, StandingPresence } from './presenceBook.js';

/**
 * The agents' standing choices (available, or away and why) across engine takeovers: kept in
 * the book as the engine changes them, recalled by the node taking over, and applied to each
 * agent as their console is announced to it, during the takeover only (a console that signs in
 * later starts away, as it would on a single node).
 */
export class StandingPresences {
  private book: PresenceBook | undefined;
  private recalled = new Map<AgentId, StandingPresence>();

  constructor(
    private readonly clock: Clock,
    /** How long after a takeover recalled choices still apply. */
    private readonly takeoverMs: number,
  ) {}

  /** Many nodes: where the choices are kept for the next engine. */
  keepIn(book: PresenceBook): void {
    this.book = book;
  }

  changed(agentId: AgentId, presence: AgentPresence, awayReason: string | undefined): void {
    if (presence === 'available') this.book?.remember(agentId, { presence });
    if (presence === 'away') this.book?.remember(agentId, { presence, ...(awayReason ? { reason: awayReason } : {}) });
  }

  /** This node takes the engine over: what the last engine kept. */
  async recall(): Promise<void> {
    if (!this.book) return;
    this.recalled = await this.book.recall();
    this.clock.setTimer(() => this.recalled.clear(), this.takeoverMs);
  }

  /** The agent's recalled choice, once. */
  take(agentId: AgentId): StandingPresence | undefined {
    const standing = this.recalled.get(agentId);
    this.recalled.delete(agentId);
    return standing;
  }
}
