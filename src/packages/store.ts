import type { Config } from '../config';
import { openPostgresDatabase } from '../integrations/database/postgres';
import { openSqliteDatabase } from '../integrations/database/sqlite';
import type { SqlDatabase, SqlEngine } from '../integrations/database/types';
import { migrations, runMigrations } from '../integrations/migrations';
import type { Logger } from '../logging/logger';
import type { PackageRepository } from './repository';
import { createSqlPackageRepository } from './sql/sql-package-repository';

export interface PackageStore {
  readonly engine: SqlEngine;
  readonly repository: PackageRepository;
  /** Closes the database connection or pool. */
  close(): Promise<void>;
}

/**
 * Opens the database that also stores the integrations (PostgreSQL when
 * DATABASE_URL is set, the SQLite file otherwise) on a connection of its own,
 * applies pending migrations and returns the package repository.
 */
export async function openPackageStore(
  database: Config['integrations']['database'],
  deps: { logger: Logger; now?: () => Date },
): Promise<PackageStore> {
  const db: SqlDatabase = database.engine === 'postgres' ? openPostgresDatabase(database.url, deps.logger) : openSqliteDatabase(database.file);
  try {
    await runMigrations(db, migrations, deps.logger);
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    engine: db.engine,
    repository: createSqlPackageRepository({ db, logger: deps.logger, now: deps.now }),
    close: () => db.close(),
  };
}
