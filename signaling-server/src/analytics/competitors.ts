import { primary } from '../matching/routing.js';
import type { RequestTraits, WaitingUser } from '../matching/types.js';

/** Users who ask in the same language about the same area wait for the same agents. */
export const userClassOf = (traits: RequestTraits): string =>
  `${traits.language ? primary(traits.language) : ''}|${traits.area ?? ''}`;

/**
 * Who, ahead of a user in the queue, waits for the same agents. Where agents are split by
 * language or area, a user's wait depends on the users ahead in their own class, not on their
 * place in the whole queue: an English speaker behind twenty German speakers is next for the
 * English-speaking agents. Built once from a queue (one pass), asked in O(log n).
 */
export class Competitors {
  /** The queue indices of each class, in order. */
  private readonly indices = new Map<string, number[]>();

  constructor(queue: Iterable<Pick<WaitingUser, 'traits'>>) {
    let index = 0;
    for (const user of queue) {
      const key = userClassOf(user.traits);
      const list = this.indices.get(key);
      if (list) list.push(index);
      else this.indices.set(key, [index]);
      index++;
    }
  }

  /** Users of the same class before queue index `index` (Infinity: everyone of the class waiting). */
  ahead(index: number, traits: RequestTraits): number {
    const list = this.indices.get(userClassOf(traits)) ?? [];
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((list[mid] as number) < index) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
