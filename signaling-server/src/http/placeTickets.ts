import { createHmac, timingSafeEqual } from 'node:crypto';
import { ErrorCode, LifelineError } from '@lifeline/shared';

/**
 * A refused help request's place in line. In a flash crowd a node refuses new help requests while
 * it is behind (`OverloadGuard`), and each refusal carries a ticket: the time it was refused,
 * signed. The widget asks again with the first ticket it was given, and the user is placed by that
 * time, not by when they got through: refusals do not reorder the line.
 *
 * A ticket lasts as long as the engine holds a place (`placeHeldMs`); an older one is ignored (the
 * request is taken as new). A ticket can be used more than once (a widget asking again after a
 * lost reply): someone who copies one goes ahead by its age at most, a minute and a half.
 */
export class PlaceTickets {
  /** Its own key, derived from the token secret: a ticket never passes for a token, nor the reverse. */
  private readonly key: Buffer;

  constructor(
    secret: Uint8Array,
    private readonly heldMs: number,
  ) {
    this.key = createHmac('sha256', Buffer.from(secret)).update('lifeline place ticket').digest();
  }

  /** A ticket for a request refused at `now`. */
  issue(now: number): string {
    const at = Math.floor(now).toString(36);
    return `${at}.${this.signature(at)}`;
  }

  /**
   * Where a request with this ticket goes in line: when it was first refused, or `now` for a
   * ticket too old (or dated ahead by another node's clock). A ticket not signed here is refused.
   */
  placedAt(ticket: string, now: number): number {
    const [at = '', signature = ''] = ticket.split('.');
    const expected = Buffer.from(this.signature(at));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new LifelineError(ErrorCode.BadRequest, 'ticket: not one this service gave');
    }
    const refusedAt = Number.parseInt(at, 36);
    return refusedAt >= now - this.heldMs ? Math.min(refusedAt, now) : now;
  }

  /** 128 bits of HMAC-SHA256, base64url: 22 characters. */
  private signature(at: string): string {
    return createHmac('sha256', this.key).update(at).digest('base64url').slice(0, 22);
  }
}
