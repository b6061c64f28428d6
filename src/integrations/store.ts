import type { Config } from '../config';
import type { Logger } from '../logging/logger';
import { developmentKeyId } from './crypto/key-ring';
import { createTokenCipher } from './crypto/token-cipher';
import { openPostgresDatabase } from './database/postgres';
import { openSqliteDatabase } from './database/sqlite';
import type { SqlDatabase, SqlEngine } from './database/types';
import { migrations, runMigrations } from './migrations';
import type { IntegrationRepository } from './repository';
import { createSqlIntegrationRepository } from './sql/sql-integration-repository';

export interface IntegrationStore {
  readonly engine: SqlEngine;
  readonly repository: IntegrationRepository;
  /** Closes the database connection or pool. */
  close(): Promise<void>;
}

export interface IntegrationStoreDependencies {
  logger: Logger;
  /** Source of the timestamps the store records; the system clock unless a test fixes it. */
  now?: () => Date;
}

/**
 * Opens the integrations database that the configuration names (PostgreSQL
 * when DATABASE_URL is set, the SQLite file otherwise), applies pending
 * migrations and returns the repository.
 */
export async function openIntegrationStore(config: Config['integrations'], deps: IntegrationStoreDependencies): Promise<IntegrationStore> {
  const logger = deps.logger;
  const cipher = createTokenCipher(config.encryptionKeys);
  if (cipher.currentKeyId === developmentKeyId) {
    logger.warn('integration tokens are encrypted with the public development key: set INTEGRATIONS_ENCRYPTION_KEYS before storing real tokens');
  }

  const db = openDatabase(config.database, logger);
  try {
    const applied = await runMigrations(db, migrations, logger);
    logger.info({ engine: db.engine, ...describeDatabase(config.database), migrationsApplied: applied.length }, 'integrations store opened');
  } catch (error) {
    await db.close();
    throw error;
  }

  return {
    engine: db.engine,
    repository: createSqlIntegrationRepository({ db, cipher, logger, now: deps.now }),
    close: () => db.close(),
  };
}

function openDatabase(database: Config['integrations']['database'], logger: Logger): SqlDatabase {
  return database.engine === 'postgres' ? openPostgresDatabase(database.url, logger) : openSqliteDatabase(database.file);
}

// Names the database for logs without the password that a URL may carry.
function describeDatabase(database: Config['integrations']['database']): Record<string, string> {
  if (database.engine === 'sqlite') return { file: database.file };
  const url = new URL(database.url);
  return { host: url.host, database: url.pathname.slice(1) };
}
