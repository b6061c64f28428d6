import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { stackPostgresUrl } from '../../../scripts/stack/postgres';
import { loadConfig, type Config } from '../../../src/config';
import { openPostgresDatabase } from '../../../src/integrations/database/postgres';
import { openSqliteDatabase } from '../../../src/integrations/database/sqlite';
import type { SqlDatabase, SqlEngine } from '../../../src/integrations/database/types';

export const engines: SqlEngine[] = ['sqlite', 'postgres'];

/** A database made for one test file, and a second connection for raw SQL outside the store. */
export interface TestDatabase {
  engine: SqlEngine;
  config: Config['integrations']['database'];
  /** The SQLite file, for reading its bytes; undefined on PostgreSQL. */
  sqliteFile: string | undefined;
  raw: SqlDatabase;
  drop(): Promise<void>;
}

const silentLogger = pino({ level: 'silent' });

/**
 * Creates an empty database: a SQLite file in a new temporary folder, or a
 * uniquely named database on the local stack's PostgreSQL.
 */
export async function createTestDatabase(engine: SqlEngine): Promise<TestDatabase> {
  return engine === 'sqlite' ? createSqliteDatabase() : createPostgresDatabase();
}

function createSqliteDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'integrations-test-'));
  const file = join(dir, 'integrations.sqlite');
  const raw = openSqliteDatabase(file);
  return Promise.resolve({
    engine: 'sqlite',
    config: { engine: 'sqlite', file },
    sqliteFile: file,
    raw,
    async drop() {
      await raw.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  const stack = loadConfig().stack;
  const name = `integrations_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(stack, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = stackPostgresUrl(stack, name);
  const raw = openPostgresDatabase(url, silentLogger, { maxConnections: 2 });
  return {
    engine: 'postgres',
    config: { engine: 'postgres', url },
    sqliteFile: undefined,
    raw,
    async drop() {
      await raw.close();
      await withAdminClient(stack, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withAdminClient<T>(stack: Config['stack'], work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: stackPostgresUrl(stack, stack.postgres.testDatabase), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `No PostgreSQL answers on 127.0.0.1:${stack.ports.postgres} (${(error as Error).message}): start it with "npm run stack -- up postgres".`,
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
