import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceFigures } from '@lifeline/signaling-server/analytics/figures';
import { openStore } from '@lifeline/signaling-server/store/openStore';
import { generatedHistory } from '@lifeline/signaling-server/testing/generatedHistory';

export interface StatsTimings {
  /** `/api/stats`'s figures as SQL aggregates, per call. */
  aggregateMs: number[];
  /** The same figures the first release's way: every session of the window read, then tallied (baseline). */
  replayMs: number[];
}

/** The figures of an "all time" window over `sessions` sessions in a SQLite file. */
export async function measureStatsQuery(sessions: number, runs: number): Promise<StatsTimings> {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-bench-stats-'));
  const store = await openStore({ databasePath: join(dir, 'bench.sqlite') });
  try {
    const history = generatedHistory(sessions, 5, 60_000);
    for (const { events, ...session } of history) {
      await store.createSession(session);
      for (const event of events.slice(1)) store.appendEvent(session.id, event);
    }
    await store.appendEvent(history[0]?.id ?? ('g0' as never), { kind: 'queued', at: 0 }); // all written
    const query = { from: 0, to: Number.MAX_SAFE_INTEGER, serviceLevelTargetMs: 20_000 };
    const timed = async (work: () => Promise<unknown>) => {
      const started = performance.now();
      await work();
      return performance.now() - started;
    };
    const aggregateMs: number[] = [];
    const replayMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      replayMs.push(
        await timed(async () => serviceFigures(await store.sessionsRequested(query.from, query.to), query)),
      );
      aggregateMs.push(await timed(() => store.figures(query)));
    }
    return { aggregateMs, replayMs };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
