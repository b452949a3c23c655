import type { AgentId, ServerToConsole, SessionId } from '@lifeline/shared';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { newId } from '../ids.js';
import { sessionStatus } from '../store/status.js';
import type { SessionEvent, SessionRecord, Store } from '../store/types.js';
import type { Webhooks } from '../webhooks/webhooks.js';
import { callbackPolicy } from './policy.js';
import type { CallbackOutcome, CallbackRecord } from './types.js';
import { webhookView } from './views.js';

type FollowUp = NonNullable<Extract<ServerToConsole, { type: 'offer.incoming' }>['followUp']>;

/** Callbacks rung per look; more wait for the next look, a moment later. */
const CLAIM = 50;
/**
 * With many nodes, looks again at least this often: another node may have scheduled one. A single
 * node hears of every new callback (`wake`), so it only waits for the soonest due time.
 */
const LOOK_AGAIN_MS = 5_000;
/** A timer never waits longer (Node fires longer ones at once). */
const MAX_TIMER_MS = 3_600_000;

export interface KeeperDeps {
  store: Store;
  config: Config;
  clock: Clock;
  log: Logger;
  webhooks: Webhooks;
  agentName: (id: AgentId) => string;
  /** Whether this node runs the engine now: only that node rings callbacks. */
  runsEngine: () => boolean;
  /** A due callback's session joins the live queue (the engine's `callback.due`). */
  enqueue: (session: SessionRecord, dueAt: number) => void;
}

/**
 * Rings scheduled callbacks when due, on the node that runs the engine: each becomes a session in
 * the live queue (ordered by its due time, owner first), and the tenant's backend is told
 * (`callback.due`). When that session ends the callback is settled: served, tried again after the
 * tenant's pause when nobody answered, or closed with its reason once the retries are spent.
 */
export class CallbackKeeper {
  /** What an agent is told of a due callback on the offer, by its session (kept while it rings). */
  private readonly followUps = new Map<SessionId, FollowUp>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  /** Woken while a look ran: that look may have missed the news, so look once more. */
  private wokenMeanwhile = false;
  private stopped = true;

  constructor(private readonly deps: KeeperDeps) {}

  start(): void {
    this.stopped = false;
    void this.recover().finally(() => this.wake());
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Look now: a callback was scheduled or the engine moved here. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.wokenMeanwhile = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.look(), 0);
  }

  private async look(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    const { store, clock, log } = this.deps;
    let next = this.deps.config.cluster ? clock.now() + LOOK_AGAIN_MS : Number.POSITIVE_INFINITY;
    try {
      if (this.deps.runsEngine()) {
        const due = await store.callbacks.claimDue(clock.now(), CLAIM);
        for (const callback of due) await this.ring(callback);
        if (due.length === CLAIM) next = clock.now();
        const soonest = await store.callbacks.nextDueAt();
        if (soonest !== undefined) next = Math.min(next, soonest);
      }
    } catch (err) {
      log.error({ err }, 'could not ring due callbacks');
      next = clock.now() + LOOK_AGAIN_MS;
    } finally {
      this.running = false;
      if (this.wokenMeanwhile) next = clock.now();
      this.wokenMeanwhile = false;
      if (!this.stopped && next < Number.POSITIVE_INFINITY) {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.look(), Math.min(MAX_TIMER_MS, Math.max(0, next - clock.now())));
        this.timer.unref();
      }
    }
  }

  /** A due callback becomes a session in the live queue; the tenant's backend is told. */
  private async ring(callback: CallbackRecord): Promise<void> {
    const { store, webhooks, agentName } = this.deps;
    const lastAgentId = callback.ownerId ? undefined : await store.lastAgentFor(callback.tenant, callback.userId);
    const session = await store.createSession({
      id: newId() as SessionId,
      tenant: callback.tenant,
      context: callback.user,
      traits: {
        ...callback.traits,
        callbackId: callback.id,
        ...(callback.ownerId ? { owner: callback.ownerId } : {}),
        ...(lastAgentId ? { lastAgentId } : {}),
      },
      requestedAt: callback.nextAt,
    });
    await store.callbacks.ringing(callback.id, session.id);
    this.remember(callback, session.id);
    this.deps.enqueue(session, callback.nextAt);
    webhooks.emit(callback.tenant, 'callback.due', { ...webhookView(callback, agentName), sessionId: session.id });
  }

  /**
   * Callbacks left `due` by a node that died between claiming and ringing them, or whose session
   * is over while they are not settled: rung again now.
   */
  private async recover(): Promise<void> {
    const { store, clock, log } = this.deps;
    if (!this.deps.runsEngine()) return;
    try {
      for (const callback of await store.callbacks.due()) {
        const session = callback.sessionId ? await store.getSession(callback.sessionId) : undefined;
        if (session && sessionStatus(session) !== 'over') {
          this.remember(callback, session.id);
          continue;
        }
        await store.callbacks.settle(callback.id, { status: 'scheduled', nextAt: clock.now() }, clock.now());
      }
    } catch (err) {
      log.error({ err }, 'could not recover callbacks');
    }
  }

  /** The offer's `followUp` for a due callback's session; nothing for any other session. */
  followUpOf(sessionId: SessionId): { followUp?: FollowUp } {
    const followUp = this.followUps.get(sessionId);
    return followUp ? { followUp } : {};
  }

  private remember(callback: CallbackRecord, sessionId: SessionId): void {
    const { agentName } = this.deps;
    this.followUps.set(sessionId, {
      callbackId: callback.id,
      dueAt: callback.dueAt,
      note: callback.note,
      ownerName: callback.ownerId ? agentName(callback.ownerId) : null,
      handoffNote: callback.handoff ? `${agentName(callback.handoff.fromId)}: ${callback.handoff.note}` : null,
      originSessionId: callback.originSessionId,
    });
  }

  /** Every event of a session this node tracks: a due callback's session that ends settles it. */
  sessionEvent(session: SessionRecord, event: SessionEvent): void {
    const { callbackId } = session.traits;
    if (!callbackId || (event.kind !== 'ended' && event.kind !== 'abandoned')) return;
    this.followUps.delete(session.id);
    this.settle(callbackId, session, event).catch((err: unknown) =>
      this.deps.log.error({ err, callbackId }, 'could not settle a callback'),
    );
  }

  private async settle(id: string, session: SessionRecord, event: SessionEvent): Promise<void> {
    const { store, clock, config, webhooks, agentName } = this.deps;
    const callback = await store.callbacks.find(id);
    if (!callback || callback.sessionId !== session.id) return;
    const now = clock.now();
    const accepted = session.events.findLast((e) => e.kind === 'accepted' || e.kind === 'transferred');
    let outcome: CallbackOutcome;
    if (event.kind === 'ended' && event.reason !== 'no_answer' && accepted?.agentId) {
      const answered = session.events.find((e) => e.kind === 'accepted');
      outcome = { status: 'done', servedBy: accepted.agentId, answeredAt: answered?.at ?? accepted.at };
    } else if (event.reason === 'user_cancelled') {
      outcome = { status: 'cancelled', reason: 'user_cancelled' };
    } else if (event.reason === 'callback_expired') {
      outcome = { status: 'missed', reason: 'expired' };
    } else {
      const policy = callbackPolicy(config.tenants[callback.tenant]);
      outcome =
        callback.attempts <= policy.retries
          ? { status: 'scheduled', nextAt: now + policy.retryAfterMs }
          : { status: 'missed', reason: 'no_answer' };
    }
    if (!(await store.callbacks.settle(id, outcome, now))) return;
    if (outcome.status === 'scheduled') return this.wake();
    const closed = { ...webhookView(callback, agentName), status: outcome.status };
    const detail =
      outcome.status === 'done'
        ? { servedBy: { id: outcome.servedBy, name: agentName(outcome.servedBy) }, answeredAt: outcome.answeredAt }
        : { reason: outcome.reason };
    webhooks.emit(callback.tenant, 'callback.closed', { ...closed, ...detail }, now);
  }
}
