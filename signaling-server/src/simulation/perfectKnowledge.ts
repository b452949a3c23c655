import type { SessionId } from '@lifeline/shared';
import type { Random } from './random.js';
import type { SimWorld } from './world.js';

/** A future in which the user is still not answered after this many steps is given up on. */
const MAX_STEPS = 50_000;

/**
 * The waits a user who just joined would have in `futures` futures drawn from the simulator's own
 * distributions, from all the server could know now (each call's length so far, each offer, each
 * away agent's return): what an estimator that knew everything could know. No estimate can do
 * better than the best single figure against these waits.
 */
export function perfectKnowledgeWaits(world: SimWorld, sessionId: SessionId, futures: number, seeds: Random): number[] {
  const waits: number[] = [];
  for (let i = 0; i < futures; i++) {
    let answeredAt: number | undefined;
    const future = world.fork(
      Math.floor(seeds.next() * 2 ** 31),
      (effect, at) => {
        if (effect.type === 'recordEvent' && effect.kind === 'accepted' && effect.sessionId === sessionId)
          answeredAt = at.now;
      },
      sessionId,
    );
    for (let steps = 0; answeredAt === undefined && steps < MAX_STEPS && future.advance(); steps++);
    if (answeredAt !== undefined) waits.push(answeredAt - world.now);
  }
  return waits;
}
