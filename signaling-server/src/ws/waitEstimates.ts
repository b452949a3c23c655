import type { SessionId } from '@lifeline/shared';
import { Competitors } from '../analytics/competitors.js';
import { type WaitEstimate, WaitEstimator } from '../analytics/eta.js';
import type { ServingFloor } from '../analytics/futures.js';
import { servingFloor } from '../analytics/servingFloor.js';
import { estimateInLine, type LineView } from '../analytics/skillFallback.js';
import type { EngineState, RequestTraits } from '../matching/types.js';
import type { LiveSessions } from '../runtime/liveSessions.js';

/**
 * A floor is looked at again at most this often, or when an agent's presence changes; a floor of
 * the same shape (busy, free) drawn within this time is reused with its futures.
 */
const FLOOR_FRESH_MS = 1_000;
/** Floors kept by shape (class, busy, free) before the stale ones are dropped. */
const SHAPES_KEPT = 64;
/**
 * Floors of this many busy agents or more are drawn anew between turns of the event loop (their
 * futures take a few milliseconds and more in one go); smaller ones at once, as they are cheap.
 */
const DRAWN_IN_SLICES_FROM = 50;
/** Waiting users whose first estimate is kept to learn from: a sample is enough. */
const LEARN_FROM = 1_000;

/**
 * The hub's wait estimates: the floor of agents who can serve each kind of user (by language
 * and area), refreshed at most once a second, and what the estimator learns from calls ending,
 * offers accepted, and users answered against what they were first told.
 */
export class WaitEstimates {
  readonly estimator = new WaitEstimator();
  private readonly floors = new Map<string, { at: number; agents: unknown; floor: ServingFloor }>();
  /**
   * Floors by class and shape (how many agents busy, how many free), drawn within the second.
   * Their futures take milliseconds to draw for 200 agents, and with every agent busy each
   * dispatch makes a new floor: one ends a call and is offered the next user, one more is busy.
   */
  private readonly byShape = new Map<string, { at: number; floor: ServingFloor }>();
  /** Classes (language and area) whose new floor's futures are being drawn, a slice each turn. */
  private readonly drawing = new Set<string>();
  private readonly firstTold = new Map<SessionId, { estimate: WaitEstimate; at: number }>();
  private classes: { at: number; competitors: Competitors } | null = null;
  /** The floors and classes below, as `estimateInLine` reads them (one object, not one per estimate). */
  private readonly line: LineView = {
    floorFor: (traits) => this.floorFor(traits),
    classAhead: (queueAhead, traits) => this.competitors().ahead(queueAhead, traits),
    state: () => this.state(),
    now: () => this.now(),
  };

  constructor(
    private readonly state: () => EngineState,
    private readonly sessions: LiveSessions,
    private readonly now: () => number,
  ) {}

  /** The estimate for the user at `position`, or null when nobody can serve them. */
  forUser(sessionId: SessionId, position: number): WaitEstimate | null {
    const traits: RequestTraits = this.sessions.get(sessionId)?.traits ?? {};
    const estimate = this.behind(position - 1, traits);
    if (estimate && !this.firstTold.has(sessionId) && this.firstTold.size < LEARN_FROM)
      this.firstTold.set(sessionId, { estimate, at: this.now() });
    return estimate;
  }

  /** The likely wait of someone asking now, behind everyone waiting; null when nobody can serve them. */
  forNewRequest(traits: RequestTraits = {}): WaitEstimate | null {
    return this.behind(this.state().queue.length, traits);
  }

  /**
   * The estimate of a user with `queueAhead` users before them: behind their own class for their
   * own agents where agents are split by skill, until the skill fallback lets anyone answer.
   */
  private behind(queueAhead: number, traits: RequestTraits): WaitEstimate | null {
    return estimateInLine(this.estimator, queueAhead, traits, this.line);
  }

  callEnded(handleMs: number): void {
    this.estimator.record(handleMs);
  }

  /** A user was answered: how long the agent took to accept, and the wait against the estimate. */
  answered(sessionId: SessionId, offeredAt: number | undefined, at: number): void {
    if (offeredAt !== undefined) this.estimator.recordAnswerDelay(at - offeredAt);
    this.left(sessionId, at);
  }

  /** The user left the queue: only an answer teaches anything about waits. */
  left(sessionId: SessionId, answeredAt?: number): void {
    const told = this.firstTold.get(sessionId);
    this.firstTold.delete(sessionId);
    if (told && answeredAt !== undefined) this.estimator.learn(told.estimate, answeredAt - told.at);
  }

  /** Who waits for the same agents, worked out again at most once a second (one pass of the queue). */
  private competitors(): Competitors {
    const now = this.now();
    if (!this.classes || now - this.classes.at >= FLOOR_FRESH_MS)
      this.classes = { at: now, competitors: new Competitors(this.state().queue) };
    return this.classes.competitors;
  }

  private floorFor(traits: RequestTraits): ServingFloor {
    const key = `${traits.language ?? ''}|${traits.area ?? ''}`;
    const now = this.now();
    const state = this.state();
    const known = this.floors.get(key);
    // Agents' presences are a new map whenever one changes; calls' lengths age with the clock.
    if (known && known.agents === state.agents && now - known.at < FLOOR_FRESH_MS) return known.floor;
    const answeredAt = (id: SessionId) => this.sessions.get(id)?.events.findLast((e) => e.kind === 'accepted')?.at;
    const floor = servingFloor(state, traits, now, answeredAt);
    const shape = `${key}|${floor.busyElapsedMs.length}|${floor.free}|${floor.bySkill}`;
    const seen = this.byShape.get(shape);
    let chosen: { at: number; floor: ServingFloor };
    if (seen && now - seen.at < FLOOR_FRESH_MS) chosen = seen;
    else if (known && floor.busyElapsedMs.length >= DRAWN_IN_SLICES_FROM) {
      this.drawInBackground(key, shape, floor, now);
      chosen = { at: now, floor: known.floor };
    } else chosen = this.adopt(shape, floor, now);
    this.floors.set(key, { at: chosen.at, agents: state.agents, floor: chosen.floor });
    return chosen.floor;
  }

  /** A floor whose futures are drawn now, when first asked: kept for its shape for a second. */
  private adopt(shape: string, floor: ServingFloor, now: number): { at: number; floor: ServingFloor } {
    if (this.byShape.size >= SHAPES_KEPT)
      for (const [k, { at }] of this.byShape) if (now - at >= FLOOR_FRESH_MS) this.byShape.delete(k);
    const fresh = { at: now, floor };
    this.byShape.set(shape, fresh);
    return fresh;
  }

  /**
   * Draws a large floor's futures between turns of the event loop, one floor per class at a
   * time, while the class's users are told from its last floor (a second or so older, or an agent
   * apart). Drawn in one go, 200 agents' futures held every frame for 10-20 ms, several times a
   * second while calls turned over. With that many agents the queue moves every second or two,
   * and its users are told again from the new floor as it does.
   */
  private drawInBackground(userClass: string, shape: string, floor: ServingFloor, at: number): void {
    if (this.drawing.has(userClass)) return;
    this.drawing.add(userClass);
    const drawn = () => {
      this.adopt(shape, floor, at);
      // The class looks again on its next estimate and finds this floor (if still its shape).
      const looked = this.floors.get(userClass);
      if (looked) looked.at = Number.NEGATIVE_INFINITY;
    };
    this.estimator
      .drawInSlices(floor)
      .then(drawn, () => {}) // not drawn: the next look draws again
      .finally(() => this.drawing.delete(userClass));
  }
}
