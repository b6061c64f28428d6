import { Pool, type PoolClient, type QueryResultRow } from 'pg';
import type { Logger } from '../../logging/logger';
import type { SqlDatabase, SqlRow, SqlSession, SqlValue } from './types';

/** Connects a pool to PostgreSQL. Connections open on first use. */
export function openPostgresDatabase(url: string, logger: Logger, options: { maxConnections?: number } = {}): SqlDatabase {
  const pool = new Pool({ connectionString: url, max: options.maxConnections ?? 5 });
  // An idle connection that the server closes emits an error on the pool;
  // unhandled, it would end the process.
  pool.on('error', (error) => logger.error({ err: error }, 'idle PostgreSQL connection of the integrations store failed'));

  const poolSession = sessionOf((sql, params) => pool.query(sql, params));

  return {
    ...poolSession,
    async transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(sessionOf((sql, params) => client.query(sql, params)));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          // A connection that cannot roll back is discarded instead of returned to the pool.
          broken = rollbackError as Error;
        }
        throw error;
      } finally {
        releaseClient(client, broken);
      }
    },
    close: () => pool.end(),
  };
}

type Run = (sql: string, params?: SqlValue[]) => Promise<{ rows: QueryResultRow[]; rowCount: number | null }>;

function sessionOf(run: Run): SqlSession {
  return {
    engine: 'postgres',
    async query<Row extends SqlRow>(sql: string, params: SqlValue[] = []) {
      return (await run(sql, params)).rows as Row[];
    },
    async execute(sql, params = []) {
      return (await run(sql, params)).rowCount ?? 0;
    },
    async executeScript(sql) {
      // Without parameters, pg sends a simple query, which may hold several statements.
      await run(sql);
    },
  };
}

function releaseClient(client: PoolClient, error: Error | undefined): void {
  client.release(error);
}
