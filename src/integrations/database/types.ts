/** A value bound to a statement parameter. Booleans become 0 or 1 on SQLite. */
export type SqlValue = string | number | boolean | null;

export type SqlRow = Record<string, unknown>;

export type SqlEngine = 'sqlite' | 'postgres';

/**
 * Statements run on one connection. SQL uses PostgreSQL's numbered
 * parameters ($1, $2, ...) on both engines; the SQLite adapter rewrites them.
 */
export interface SqlSession {
  readonly engine: SqlEngine;
  /** Runs one statement and returns its rows (none for a statement without RETURNING). */
  query<Row extends SqlRow = SqlRow>(sql: string, params?: SqlValue[]): Promise<Row[]>;
  /** Runs one statement and returns the number of rows it changed. */
  execute(sql: string, params?: SqlValue[]): Promise<number>;
  /** Runs several statements separated by semicolons, without parameters. */
  executeScript(sql: string): Promise<void>;
}

/** A database of either engine, as the integrations store uses it. */
export interface SqlDatabase extends SqlSession {
  /**
   * Runs `work` in one transaction: it commits when `work` resolves and
   * rolls back when it rejects, then rethrows the error.
   */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
