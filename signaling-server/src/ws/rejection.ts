import { LifelineError } from '@lifeline/shared';
import type { Effect } from '../matching/types.js';

/** Throws (as an error frame to the sender) when the engine refused the event. */
export function throwIfRejected(effects: readonly Effect[]): void {
  for (const effect of effects) {
    if (effect.type === 'rejected') throw LifelineError.invalidState(effect.message);
  }
}
