import type { AgentId } from '@lifeline/shared';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { PresenceBook, StandingPresence } from '../runtime/presenceBook.js';

const PRESENCE_KEY = 'lifeline:presence';

/** The agents' standing choices in one Redis hash, written by the engine's node as they change. */
export class RedisPresenceBook implements PresenceBook {
  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
  ) {}

  remember(agentId: AgentId, standing: StandingPresence): void {
    this.redis
      .hset(PRESENCE_KEY, agentId, JSON.stringify(standing))
      .catch((err: unknown) => this.log.debug({ err, agentId }, 'could not keep the agent presence'));
  }

  async recall(): Promise<Map<AgentId, StandingPresence>> {
    const entries = await this.redis.hgetall(PRESENCE_KEY).catch(() => ({}) as Record<string, string>);
    const book = new Map<AgentId, StandingPresence>();
    for (const [agentId, raw] of Object.entries(entries)) {
      try {
        book.set(agentId as AgentId, JSON.parse(raw) as StandingPresence);
      } catch {
        // A value not written by us: ignored, the agent starts away as on a single node.
      }
    }
    return book;
  }
}
