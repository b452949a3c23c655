import type { SessionId } from '@lifeline/shared';
import { WebSocket } from 'ws';
import type { Address, AgentCard } from '../runtime/engineInputs.js';
import type { RateBudget } from './rateLimit.js';

/**
 * The server's socket class (the WebSocket server makes each socket one of these): it carries who
 * it is, its address on this node and its rate budget itself. Thousands of waiting users each hold
 * a socket, and a record of its own plus a table from socket to record cost more than these fields.
 */
export class HeldSocket extends WebSocket implements RateBudget {
  tokens: number | undefined = undefined;
  last: number | undefined = undefined;
  /** One address for the socket's life, set when it signs in: the engine's outbox keeps this very object. */
  from: Address | undefined = undefined;
  /** A user's session id (a string) or an agent's card, so a waiting user's socket needs no holder object. */
  who: SessionId | AgentCard | undefined = undefined;
}
