import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';
import { GroupCommit } from '../store/sql/groupCommit.js';
import type { WebhookQueue } from '../store/sql/webhookQueue.js';
import { SIGNATURE_HEADER, signWebhook } from './signature.js';
import type { WebhookBody, WebhookDelivery, WebhookSettings, WebhookType } from './types.js';

export interface WebhookPolicy {
  /** The first retry waits this long; each further one three times longer (capped at 6 h). */
  retryBaseMs: number;
  /** Attempts before a delivery is given up, recorded as failed. */
  maxAttempts: number;
  /** A receiver that has not answered by then counts as failed. */
  timeoutMs: number;
}

const CLAIM = 32;
/** Deliveries other nodes queued (a rating taken by another node) are looked for at least this often. */
const LOOK_AGAIN_MS = 5_000;
const LONGEST_RETRY_MS = 6 * 3_600_000;
/** Made or given-up deliveries are kept a week, for support to look into. */
const KEPT_MS = 7 * 24 * 3_600_000;

/**
 * Tells tenants' backends what happened, as signed JSON POSTs: queued in the database in the
 * same turn (group commit), sent at once, retried with growing pauses while the receiver fails,
 * and kept across restarts until made or given up. Delivery is at least once: a receiver may see
 * a delivery twice (a node died after sending, before recording) and dedupes by its id.
 */
export class Webhooks {
  private readonly queued: GroupCommit<{ id: string; tenant: string; body: string; at: number }>;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private sendAgain = false;
  private stopped = true;

  constructor(
    private readonly deps: {
      queue: WebhookQueue;
      settings: (tenant: string) => WebhookSettings | undefined;
      /** Some tenant has an endpoint. */
      anyEndpoint: boolean;
      policy: WebhookPolicy;
      clock: Clock;
      log: Logger;
    },
  ) {
    this.queued = new GroupCommit((rows) => deps.queue.add([...rows]));
  }

  /** Whether the tenant has an endpoint at all: callers skip building what nobody would be sent. */
  wanted(tenant: string): boolean {
    return this.deps.settings(tenant) !== undefined;
  }

  /** Queues a delivery if the tenant has an endpoint that wants this type; never throws. */
  emit(tenant: string, type: WebhookType, data: Record<string, unknown>, at = this.deps.clock.now()): void {
    const settings = this.deps.settings(tenant);
    if (!settings || (settings.events && !settings.events.includes(type))) return;
    const body: WebhookBody = { id: newId(), type, tenant, at, data };
    this.queued.add({ id: body.id, tenant, body: JSON.stringify(body), at }).then(
      () => this.wake(),
      (err: unknown) => this.deps.log.error({ err, tenant, type }, 'webhook could not be queued'),
    );
  }

  /**
   * Starts sending: what an earlier run left queued goes first. Without a tenant that has an
   * endpoint there is nothing to send, and the database is not asked every few seconds.
   */
  start(): void {
    if (!this.deps.anyEndpoint) return;
    this.stopped = false;
    void this.deps.queue.prune(this.deps.clock.now() - KEPT_MS).catch(() => undefined);
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.queued.settled();
    await this.sending;
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.sending) {
      this.sendAgain = true;
      return;
    }
    clearTimeout(this.timer);
    this.sending = this.sendDue()
      .catch((err: unknown) => this.deps.log.warn({ err }, 'webhook sending paused: the database did not answer'))
      .finally(() => {
        this.sending = undefined;
        if (this.sendAgain) this.wake();
        else void this.sleepUntilNextDue();
      });
  }

  private async sendDue(): Promise<void> {
    const { queue, clock, policy } = this.deps;
    do {
      this.sendAgain = false;
      const due = await queue.claimDue(clock.now(), CLAIM, policy.timeoutMs + 5_000);
      await Promise.all(due.map((delivery) => this.attempt(delivery)));
      if (due.length === CLAIM) this.sendAgain = true;
    } while (this.sendAgain && !this.stopped);
  }

  private async sleepUntilNextDue(): Promise<void> {
    if (this.stopped) return;
    const next = await this.deps.queue.nextDueAt().catch(() => undefined);
    const wait =
      next === undefined ? LOOK_AGAIN_MS : Math.max(0, Math.min(LOOK_AGAIN_MS, next - this.deps.clock.now()));
    if (this.stopped || this.sending) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), wait).unref();
  }

  private async attempt(delivery: WebhookDelivery): Promise<void> {
    const { queue, clock, policy, settings, log } = this.deps;
    const attempts = delivery.attempts + 1;
    const endpoint = settings(delivery.tenant);
    const error = endpoint ? await post(endpoint, delivery, attempts, clock.now(), policy.timeoutMs) : 'no endpoint';
    const now = clock.now();
    if (error === null) return queue.delivered(delivery.id, attempts, now);
    const retryAt =
      endpoint && attempts < policy.maxAttempts
        ? now + Math.min(LONGEST_RETRY_MS, policy.retryBaseMs * 3 ** (attempts - 1))
        : null;
    log.warn({ tenant: delivery.tenant, delivery: delivery.id, attempts, error, retryAt }, 'webhook not delivered');
    await queue.failed(delivery.id, attempts, error, retryAt, now);
  }
}

/** One signed POST; null when the receiver took it (2xx), else why not. */
async function post(
  endpoint: WebhookSettings,
  delivery: WebhookDelivery,
  attempt: number,
  now: number,
  timeoutMs: number,
): Promise<string | null> {
  try {
    const res = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Lifeline-Webhooks/1',
        [SIGNATURE_HEADER]: signWebhook(endpoint.secret, Math.floor(now / 1000), delivery.body),
        'lifeline-delivery': delivery.id,
        'lifeline-attempt': String(attempt),
      },
      body: delivery.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    return res.ok ? null : `HTTP ${res.status}`;
  } catch (err) {
    // fetch says only "fetch failed": the reason (ECONNREFUSED, a timeout) is its cause.
    const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return err instanceof Error ? `${err.name}: ${err.message}${cause}`.slice(0, 300) : 'failed';
  }
}
