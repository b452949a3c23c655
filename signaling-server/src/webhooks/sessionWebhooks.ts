import type { AgentId } from '@lifeline/shared';
import type { SessionEvent, SessionRecord } from '../store/types.js';
import type { Webhooks } from './webhooks.js';

/** Who the session is about, for the tenant's backend: only what the host's signed identity said. */
export function webhookSubject(session: Pick<SessionRecord, 'id' | 'context'>): Record<string, unknown> {
  const { context } = session;
  const user = context.verified
    ? {
        userId: context.userId,
        ...(context.email ? { email: context.email } : {}),
        ...(context.name ? { name: context.name } : {}),
      }
    : null;
  return { sessionId: session.id, user };
}

/** A session event the engine recorded, as the tenant's backend hears of it (if at all). */
export function tellTenant(
  webhooks: Webhooks,
  session: SessionRecord,
  event: SessionEvent,
  agentName: (id: AgentId) => string,
): void {
  // Every session event passes here (offers, media, queue moves): most are not told at all.
  const told = event.kind === 'accepted' || event.kind === 'ended' || event.kind === 'abandoned';
  if (!told || !webhooks.wanted(session.tenant)) return;
  const subject = webhookSubject(session);
  const accepted = session.events.find((e) => e.kind === 'accepted');
  const agent = accepted?.agentId ? { id: accepted.agentId, name: agentName(accepted.agentId) } : null;
  const { tenant } = session;
  if (event === accepted) {
    webhooks.emit(tenant, 'session.answered', { ...subject, agent, waitMs: event.at - session.requestedAt }, event.at);
  } else if (event.kind === 'ended') {
    const talkMs = accepted ? event.at - accepted.at : null;
    webhooks.emit(tenant, 'session.ended', { ...subject, outcome: 'answered', agent, talkMs }, event.at);
  } else if (event.kind === 'abandoned') {
    const reason = event.reason ?? null;
    webhooks.emit(tenant, 'session.ended', { ...subject, outcome: 'abandoned', reason }, event.at);
  }
}
