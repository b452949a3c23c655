import type { Kysely } from 'kysely';
import type { WebhookDelivery } from '../../webhooks/types.js';
import type { Dialect, Tables } from './database.js';

/**
 * Webhook deliveries kept in the database until made: a restart, a crash or a receiver that is
 * down loses none. Any number of nodes may send: a node claims due deliveries by pushing their
 * next attempt a lease ahead, inside one transaction (PostgreSQL: skipping rows another node has
 * locked), so two nodes never send the same attempt; a node that dies mid-send leaves them due
 * again once the lease ends.
 */
export class WebhookQueue {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly dialect: Dialect,
  ) {}

  async add(deliveries: Array<{ id: string; tenant: string; body: string; at: number }>): Promise<void> {
    if (!deliveries.length) return;
    await this.db
      .insertInto('webhook_deliveries')
      .values(
        deliveries.map((d) => ({
          ...{ id: d.id, tenant: d.tenant, body: d.body, created_at: d.at },
          ...{ status: 'pending', next_attempt_at: d.at, attempts: 0 },
        })),
      )
      .execute();
  }

  /** Up to `limit` deliveries due at `now`, each held for `leaseMs` from other senders. */
  async claimDue(now: number, limit: number, leaseMs: number): Promise<WebhookDelivery[]> {
    return this.db.transaction().execute(async (tx) => {
      let due = tx
        .selectFrom('webhook_deliveries')
        .select(['id', 'tenant', 'body', 'attempts'])
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(limit);
      if (this.dialect === 'postgres') due = due.forUpdate().skipLocked();
      const rows = await due.execute();
      if (rows.length) {
        await tx
          .updateTable('webhook_deliveries')
          .set({ next_attempt_at: now + leaseMs })
          .where(
            'id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
      }
      return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
    });
  }

  /** When the next pending delivery falls due, if any. */
  async nextDueAt(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.min('next_attempt_at').as('at'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
  }

  async delivered(id: string, attempts: number, at: number): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set({ status: 'delivered', attempts, finished_at: at, last_error: null })
      .where('id', '=', id)
      .execute();
  }

  /** An attempt failed: tried again at `retryAt`, or given up for good when it is null. */
  async failed(id: string, attempts: number, error: string, retryAt: number | null, at: number): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set(
        retryAt === null
          ? { status: 'failed', attempts, finished_at: at, last_error: error }
          : { attempts, next_attempt_at: retryAt, last_error: error },
      )
      .where('id', '=', id)
      .execute();
  }

  /** One delivery as kept: for tests and for support looking into a tenant's complaint. */
  async find(id: string) {
    return this.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Deliveries made or given up before `before` are forgotten. */
  async prune(before: number): Promise<void> {
    await this.db
      .deleteFrom('webhook_deliveries')
      .where('status', '<>', 'pending')
      .where('finished_at', '<', before)
      .execute();
  }
}
