import type { AgentCallbackView, AgentId, UserCallbackView } from '@lifeline/shared';
import type { CallbackRecord } from './types.js';

type NameOf = (id: AgentId) => string | undefined;

/** What the user sees: when, and who will call (never the agent's notes). */
export function userView(callback: CallbackRecord, nameOf: NameOf): UserCallbackView {
  return {
    id: callback.id,
    status: callback.status,
    dueAt: callback.status === 'scheduled' ? callback.nextAt : callback.dueAt,
    agentName: callback.ownerId ? (nameOf(callback.ownerId) ?? null) : null,
  };
}

/** What an agent sees in *My callbacks* and on the offer: the promise, the notes, the handoff. */
export function agentView(callback: CallbackRecord, nameOf: NameOf): AgentCallbackView {
  return {
    id: callback.id,
    kind: callback.kind,
    status: callback.status,
    dueAt: callback.nextAt,
    userName: callback.user.name ?? null,
    userEmail: callback.user.email ?? null,
    note: callback.note,
    ownerId: callback.ownerId,
    ownerName: callback.ownerId ? (nameOf(callback.ownerId) ?? null) : null,
    handoff: callback.handoff
      ? { fromName: nameOf(callback.handoff.fromId) ?? 'A colleague', note: callback.handoff.note }
      : null,
    originSessionId: callback.originSessionId,
    attempts: callback.attempts,
  };
}

/** What the tenant's backend hears: the user it can reach, when, and who promised. */
export function webhookView(callback: CallbackRecord, nameOf: NameOf): Record<string, unknown> {
  return {
    callbackId: callback.id,
    kind: callback.kind,
    user: { userId: callback.userId, name: callback.user.name ?? null, email: callback.user.email ?? null },
    dueAt: callback.nextAt,
    agent: callback.ownerId ? { id: callback.ownerId, name: nameOf(callback.ownerId) ?? null } : null,
    attempt: callback.attempts,
  };
}
