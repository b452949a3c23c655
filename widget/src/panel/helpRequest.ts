import { decode, HelpRequestRefusal, HelpRequestReply } from '@lifeline/shared/widgetWire';
import type { CallHost } from './host.js';

/** How long a widget keeps asking a server too busy to take its help request. */
const BUSY_RETRY_FOR_MS = 60_000;
/**
 * The first refusal's ticket while the service is too busy, for this page: kept across Try again
 * (a new call), which so keeps the user's place in line while the server holds it.
 */
let placeTicket: string | undefined;

/** The service refused the help request for a minute: too many people are asking right now. */
export class ServiceBusy extends Error {}

type RequestHost = Pick<CallHost, 'server' | 'tenant' | 'identity' | 'context' | 'locale'>;

export interface AskingAgain {
  /** Told at each refusal to be asked again: the panel says the service is busy, still asking. */
  busy(): void;
  /** Asked after each wait: false once the user left, and nothing more is sent. */
  stillWanted(): boolean;
}

/**
 * Asks for help (about a product area, when the user chose one). A server too busy to take the
 * request (a flash crowd) refuses it with 429 and Retry-After: it is asked again, each time a
 * little later and spread out, for up to a minute, with the first refusal's ticket, so the user
 * keeps the place in line they had when first refused. Throws `ServiceBusy` after that minute.
 */
export async function requestHelp(
  host: RequestHost,
  area: string | undefined,
  again: AskingAgain,
): Promise<HelpRequestReply> {
  const request = {
    tenant: host.tenant,
    context: {
      pageUrl: location.href,
      pageTitle: document.title,
      // The language the user chose for this product (routing matches agents who speak it).
      language: host.locale(),
      attributes: host.context(),
    },
    ...(area ? { area } : {}),
    ...(host.identity() ? { identity: host.identity() } : {}),
  };
  const giveUpAt = Date.now() + BUSY_RETRY_FOR_MS;
  for (;;) {
    const ticket = placeTicket;
    const response = await fetch(`${host.server}/api/help-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ticket ? { ...request, ticket } : request),
    });
    const waitMs = Number(response.headers.get('retry-after') || 2) * 1_000 * (1 + Math.random());
    if (response.status === 429) {
      const refusal = decode(HelpRequestRefusal, await response.text());
      if (refusal.ok) placeTicket ??= refusal.value.ticket;
      // A minute of refusals: the user is told, and Try again keeps their place (while it holds).
      if (Date.now() + waitMs >= giveUpAt) throw new ServiceBusy();
      again.busy();
      await new Promise((r) => setTimeout(r, waitMs));
      if (!again.stillWanted()) throw new Error('left while waiting to ask again');
      continue;
    }
    // A ticket this service did not sign (another deployment's, or altered): asked again as new.
    if (ticket && response.status === 400) {
      placeTicket = undefined;
      continue;
    }
    if (!response.ok) throw new Error(`help request refused: ${response.status}`);
    const reply = decode(HelpRequestReply, await response.text());
    if (!reply.ok) throw reply.error;
    placeTicket = undefined;
    return reply.value;
  }
}

/**
 * Answers the callback the help button rang for. A callback due this very second may not ring
 * on the server yet: asked again a few times, a second apart (never more).
 */
export async function answerCallback(
  host: Pick<CallHost, 'server' | 'tenant' | 'identity'>,
  id: string,
): Promise<HelpRequestReply> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${host.server}/api/callbacks/${encodeURIComponent(id)}/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: host.tenant, identity: host.identity() }),
    });
    if (response.ok) {
      const reply = decode(HelpRequestReply, await response.text());
      if (!reply.ok) throw reply.error;
      return reply.value;
    }
    if (response.status !== 409 || attempt >= 5) throw new Error(`callback answer refused: ${response.status}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
