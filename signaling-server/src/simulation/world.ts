import type { AgentId, SessionId } from '@lifeline/shared';
import { initialState, step } from '../matching/engine.js';
import type { AgentSkills, Effect, EngineEvent, EngineState, RequestTraits } from '../matching/types.js';
import { EventQueue } from './eventQueue.js';
import { Random } from './random.js';

/** What drives a simulated day: the team, the users and how both behave. */
export interface WorldConfig {
  agents: number;
  arrivalsPerHour: number;
  meanHandleS: number;
  /** Shape of the log-normal handle time; 0 for exponential handle times (Erlang C's own). */
  handleSigma: number;
  /**
   * Two languages: 70 % of users ask in English, 30 % in German; 60 % of agents speak English,
   * 25 % German, 15 % both. Without it everyone can serve everyone.
   */
  skillGroups?: boolean;
  /** Chance an agent lets an offer ring out. */
  missProbability: number;
  /** Mean seconds an agent takes to press Accept. */
  answerDelayS: number;
  /** Mean seconds a user waits before giving up (exponential). */
  meanPatienceS: number;
  /** Seconds an agent set away for missed offers takes to come back. */
  awayReturnS: number;
  seed: number;
}

type WorldEvent =
  | { kind: 'engine'; event: EngineEvent; timerKey?: string; token?: number }
  | { kind: 'arrival' }
  | { kind: 'hangup'; sessionId: SessionId };

/**
 * The real matching engine in simulated time, and everyone around it drawn at random: users who
 * arrive and give up, agents who accept (or let an offer ring out), talk and come back from away.
 * `fork` starts another future from what the server could see now, every unknown drawn again.
 */
export class SimWorld {
  state: EngineState;
  now = 0;
  arrivals = 0;
  engineSteps = 0;
  /** Users stop arriving at this time (the end of the day). */
  arrivalsUntil = Number.POSITIVE_INFINITY;
  /** When each live call was answered. */
  readonly inCallSince = new Map<SessionId, number>();
  private readonly queue = new EventQueue<WorldEvent>();
  private readonly timerTokens = new Map<string, number>();
  private readonly meanGapMs: number;

  constructor(
    readonly config: WorldConfig,
    /** Every effect of every engine step, as it happens. */
    private readonly observe: (effect: Effect, world: SimWorld) => void = () => {},
    readonly rng = new Random(config.seed),
    state?: EngineState,
  ) {
    this.meanGapMs = 3_600_000 / config.arrivalsPerHour;
    this.state = state ?? initialState({});
  }

  /** The team signs in and becomes available; the first user is on their way. */
  open(): void {
    for (let i = 0; i < this.config.agents; i++) {
      const agentId = `agent-${i}` as AgentId;
      const skills = this.config.skillGroups ? { skills: agentSkills(i / this.config.agents) } : {};
      this.dispatch({ type: 'agent.online', agentId, ...skills });
      this.dispatch({ type: 'agent.available', agentId });
    }
    this.nextArrival();
  }

  /** Runs the next thing that happens; false when nothing is left. */
  advance(): boolean {
    const next = this.queue.pop();
    if (!next) return false;
    this.now = next.at;
    const item = next.item;
    if (item.kind === 'arrival') {
      if (this.now < this.arrivalsUntil) this.arrive();
    } else if (item.kind === 'hangup') {
      this.dispatch({ type: 'call.ended', sessionId: item.sessionId, reason: 'user_ended' });
    } else if (!item.timerKey || this.timerTokens.get(item.timerKey) === item.token) {
      // Accepts and give-ups for sessions no longer waiting are simply refused by the engine.
      this.dispatch(item.event);
    }
    return true;
  }

  /**
   * Another future from now, knowing only what the server knows: how long each call has lasted,
   * who is offered what, the engine's own timers and when away agents come back. Calls' ends,
   * accepts, give-ups and later arrivals are drawn again. `patient` never gives up.
   */
  fork(seed: number, observe: (effect: Effect, world: SimWorld) => void, patient?: SessionId): SimWorld {
    const future = new SimWorld(this.config, observe, new Random(seed), this.state);
    future.now = this.now;
    future.arrivals = this.arrivals;
    future.arrivalsUntil = this.arrivalsUntil;
    for (const { at, item } of this.queue.items()) {
      const known = item.kind === 'engine' && (item.timerKey !== undefined || item.event.type === 'agent.available');
      if (!known) continue;
      if (item.timerKey) future.timerTokens.set(item.timerKey, this.timerTokens.get(item.timerKey) ?? 0);
      future.queue.push(at, item);
    }
    for (const [sessionId, since] of this.inCallSince) {
      future.inCallSince.set(sessionId, since);
      future.queue.push(this.now + future.handleTimeLeft(this.now - since), { kind: 'hangup', sessionId });
    }
    for (const user of this.state.queue) {
      if (user.sessionId !== patient) future.patienceOf(user.sessionId);
      if (user.offeredTo) future.answerOffer(user.sessionId, user.offeredTo);
    }
    future.nextArrival();
    return future;
  }

  private arrive(): void {
    const sessionId = `user-${this.arrivals++}` as SessionId;
    const traits: RequestTraits = this.config.skillGroups ? { language: this.rng.next() < 0.7 ? 'en' : 'de' } : {};
    this.dispatch({ type: 'user.enqueued', sessionId, traits });
    this.patienceOf(sessionId);
    this.nextArrival();
  }

  private nextArrival(): void {
    this.queue.push(this.now + this.rng.exponential(this.meanGapMs), { kind: 'arrival' });
  }

  private patienceOf(sessionId: SessionId): void {
    const giveUp: EngineEvent = { type: 'user.cancelled', sessionId, reason: 'user_cancelled' };
    this.queue.push(this.now + this.rng.exponential(this.config.meanPatienceS * 1000), {
      kind: 'engine',
      event: giveUp,
    });
  }

  private answerOffer(sessionId: SessionId, agentId: AgentId): void {
    if (this.rng.next() < this.config.missProbability) return;
    const accept: EngineEvent = { type: 'offer.accepted', sessionId, agentId };
    this.queue.push(this.now + this.rng.exponential(this.config.answerDelayS * 1000), {
      kind: 'engine',
      event: accept,
    });
  }

  private dispatch(event: EngineEvent): void {
    const result = step(this.state, event, this.now);
    this.state = result.state;
    this.engineSteps++;
    for (const effect of result.effects) {
      this.apply(effect);
      this.observe(effect, this);
    }
  }

  private apply(effect: Effect): void {
    switch (effect.type) {
      case 'scheduleTimer': {
        const token = (this.timerTokens.get(effect.key) ?? 0) + 1;
        this.timerTokens.set(effect.key, token);
        this.queue.push(effect.at, { kind: 'engine', event: effect.event, timerKey: effect.key, token });
        break;
      }
      case 'cancelTimer':
        this.timerTokens.set(effect.key, (this.timerTokens.get(effect.key) ?? 0) + 1);
        break;
      case 'offerToAgent':
        this.answerOffer(effect.sessionId, effect.agentId);
        break;
      case 'startCall':
        this.inCallSince.set(effect.sessionId, this.now);
        this.queue.push(this.now + this.handleTime(), { kind: 'hangup', sessionId: effect.sessionId });
        break;
      case 'endCall':
        this.inCallSince.delete(effect.sessionId);
        break;
      case 'agentPresence':
        if (effect.presence === 'away') {
          const back: EngineEvent = { type: 'agent.available', agentId: effect.agentId };
          this.queue.push(this.now + this.config.awayReturnS * 1000, { kind: 'engine', event: back });
        }
        break;
    }
  }

  private handleTime(): number {
    const { meanHandleS, handleSigma } = this.config;
    return handleSigma > 0
      ? this.rng.logNormal(meanHandleS * 1000, handleSigma)
      : this.rng.exponential(meanHandleS * 1000);
  }

  /** A handle time longer than `elapsed`, less it: what is left of a call that has lasted that long. */
  private handleTimeLeft(elapsed: number): number {
    for (let tries = 0; tries < 1_000; tries++) {
      const handle = this.handleTime();
      if (handle > elapsed) return handle - elapsed;
    }
    return this.rng.exponential(this.config.meanHandleS * 1000); // far in the tail: about memoryless
  }
}

/** Agents' languages for skill groups, by where the agent falls in the team (0..1). */
function agentSkills(share: number): AgentSkills {
  const languages = share < 0.6 ? ['en'] : share < 0.85 ? ['de'] : ['en', 'de'];
  return { languages, areas: [] };
}
