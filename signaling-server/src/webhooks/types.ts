import { z } from 'zod';

/** What a tenant's backend can be told about; a tenant may subscribe to some of them only. */
export const WebhookType = z.enum([
  'session.requested',
  'session.answered',
  'session.ended',
  'session.rated',
  'callback.scheduled',
  'callback.due',
  'callback.closed',
]);
export type WebhookType = z.infer<typeof WebhookType>;

/** A tenant's endpoint: deliveries are signed with its secret (see `signature.ts`). */
export const WebhookSettings = z.object({
  url: z.string().regex(/^https?:\/\//, 'an http(s):// URL'),
  secret: z.string().min(32),
  /** The types to send; all of them when left out. */
  events: z.array(WebhookType).optional(),
});
export type WebhookSettings = z.infer<typeof WebhookSettings>;

/** The JSON body of one delivery. `id` stays the same across retries: receivers dedupe by it. */
export interface WebhookBody {
  id: string;
  type: WebhookType;
  tenant: string;
  /** When it happened, epoch ms. */
  at: number;
  data: Record<string, unknown>;
}

/** One delivery as the queue keeps it. */
export interface WebhookDelivery {
  id: string;
  tenant: string;
  body: string;
  /** Attempts made so far. */
  attempts: number;
}
