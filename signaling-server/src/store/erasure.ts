import type { SessionId } from '@lifeline/shared';
import type sqlite from 'node-sqlite3-wasm';

type Database = InstanceType<typeof sqlite.Database>;

/** Tables that hold something about a session, children first. */
const SESSION_TABLES = ['session_events', 'session_notes', 'ratings', 'dispositions'] as const;

/** Deletes sessions and every row about them, in one transaction. */
export function eraseSessions(db: Database, ids: readonly SessionId[]): void {
  db.exec('begin');
  try {
    for (const id of ids) {
      for (const table of SESSION_TABLES) db.run(`delete from ${table} where session_id = ?`, [id]);
      db.run('delete from sessions where id = ?', [id]);
    }
    db.exec('commit');
  } catch (err) {
    db.exec('rollback');
    throw err;
  }
}

/** Retired sign-in tokens, by id, until they would have expired anyway. */
export class RetiredTokens {
  private readonly retired = new Map<string, number>();

  constructor(
    private readonly db: Database,
    now: number,
  ) {
    db.exec(
      'create table if not exists retired_tokens (token_id text primary key, retired_at integer not null, expires_at integer not null)',
    );
    db.run('delete from retired_tokens where expires_at < ?', [now]);
    for (const row of db.all('select token_id, retired_at from retired_tokens') as Array<Record<string, unknown>>) {
      this.retired.set(String(row.token_id), Number(row.retired_at));
    }
  }

  retire(tokenId: string, retiredAt: number, expiresAt: number): void {
    if (this.retired.has(tokenId)) return;
    this.retired.set(tokenId, retiredAt);
    this.db.run('insert or ignore into retired_tokens (token_id, retired_at, expires_at) values (?, ?, ?)', [
      tokenId,
      retiredAt,
      expiresAt,
    ]);
  }

  retiredAt(tokenId: string): number | undefined {
    return this.retired.get(tokenId);
  }
}
