/** A statement for the SQLite thread; `sql: null` closes the file. */
export interface WorkerRequest {
  id: number;
  sql: string | null;
  parameters: readonly unknown[];
}

/** Its result, or why it failed. Reply 0 says the file is open (or could not be opened). */
export interface WorkerReply {
  id: number;
  rows?: unknown[];
  changes?: number | undefined;
  lastInsertRowid?: bigint | undefined;
  error?: { message: string; code?: string };
}
