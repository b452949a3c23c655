import type { CallbackSlotsReply, UserCallbacksReply, UserCallbackView } from '@lifeline/shared';
import type { CallHost } from './host.js';

type BookingHost = Pick<CallHost, 'server' | 'tenant'>;
type Identity = NonNullable<ReturnType<CallHost['identity']>>;

/** The times the team can honour a callback; none when the server cannot be reached. */
export async function callbackSlots(host: BookingHost): Promise<number[]> {
  const response = await fetch(`${host.server}/api/callbacks/slots?tenant=${encodeURIComponent(host.tenant)}`).catch(
    () => null,
  );
  return response?.ok ? ((await response.json()) as CallbackSlotsReply).slots.map((s) => s.at) : [];
}

/**
 * Books a callback (`at` undefined: as soon as possible; with the session, keeping the user's
 * place). Refused: the server's message, or 'unreachable'.
 */
export async function bookCallback(
  host: BookingHost,
  identity: Identity,
  at: number | undefined,
  sessionId: string | undefined,
): Promise<{ booked: UserCallbackView } | { error: string }> {
  const response = await fetch(`${host.server}/api/callbacks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      tenant: host.tenant,
      identity,
      ...(at === undefined ? {} : { at }),
      ...(sessionId ? { sessionId } : {}),
    }),
  }).catch(() => null);
  if (!response?.ok) {
    const error = ((await response?.json().catch(() => null)) as { message?: string } | null)?.message;
    return { error: error ?? 'unreachable' };
  }
  return { booked: (await response.json()) as UserCallbackView };
}

/** The user's next callback, booked or promised (after a handover, with the colleague's name). */
export async function upcomingCallback(host: BookingHost, identity: Identity): Promise<UserCallbackView | undefined> {
  const response = await fetch(`${host.server}/api/callbacks/lookup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: host.tenant, identity }),
  }).catch(() => null);
  return response?.ok ? ((await response.json()) as UserCallbacksReply).callbacks[0] : undefined;
}

/** Cancels the user's callback; true once the server has. */
export async function cancelCallback(host: BookingHost, identity: Identity, id: string): Promise<boolean> {
  const response = await fetch(`${host.server}/api/callbacks/${id}/cancel`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: host.tenant, identity }),
  }).catch(() => null);
  return !!response?.ok;
}

/**
 * This page's due-callback check (the button's module, loaded by the loader; the same module, as
 * the same URL) hears of a callback made here, so this very page rings when it is due.
 */
export function rewatchCallbacks(server: string): void {
  import(/* @vite-ignore */ `${server}/widget/button.js`).then(
    (m: { rewatch(): void }) => m.rewatch(),
    () => undefined,
  );
}
