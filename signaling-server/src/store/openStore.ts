import { type Clock, systemClock } from '../clock.js';
import { openPostgres, openSqlite } from './sql/database.js';
import { SqlStore } from './sqlStore.js';
import type { Store } from './types.js';

/** PostgreSQL when `DATABASE_URL` is set (many nodes), else the embedded SQLite file at `DATABASE_PATH`. */
export async function openStore(
  settings: { databaseUrl?: string | undefined; databasePath: string },
  clock: Clock = systemClock,
): Promise<Store> {
  const database = settings.databaseUrl ? openPostgres(settings.databaseUrl) : openSqlite(settings.databasePath);
  return SqlStore.open(database, clock.now());
}
