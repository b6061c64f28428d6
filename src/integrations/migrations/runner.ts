import type { Logger } from '../../logging/logger';
import type { SqlDatabase, SqlSession } from '../database/types';
import { MigrationError } from '../errors';
import type { Migration } from './migration';

// Any fixed number works: it names the PostgreSQL advisory lock that makes
// concurrent starts apply the migrations one at a time.
const postgresLockKey = 7_411_019;

/**
 * Applies the migrations that the `schema_migrations` table does not record
 * yet, in order, all in one transaction, so a failed migration leaves the
 * schema as it was. Running it again applies nothing. Returns the ids applied.
 */
export async function runMigrations(db: SqlDatabase, migrations: Migration[], logger: Logger): Promise<number[]> {
  checkSequence(migrations);

  return db.transaction(async (tx) => {
    if (tx.engine === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [postgresLockKey]);
    await tx.executeScript(
      'CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)',
    );
    const recorded = await tx.query<{ id: number; name: string }>('SELECT id, name FROM schema_migrations ORDER BY id');
    checkRecorded(recorded, migrations);

    const applied: number[] = [];
    for (const migration of migrations.slice(recorded.length)) {
      await apply(tx, migration);
      applied.push(migration.id);
      logger.info({ migrationId: migration.id, migrationName: migration.name, engine: tx.engine }, 'applied integrations store migration');
    }
    return applied;
  });
}

async function apply(tx: SqlSession, migration: Migration): Promise<void> {
  const sql = typeof migration.sql === 'string' ? migration.sql : migration.sql[tx.engine];
  try {
    await tx.executeScript(sql);
  } catch (error) {
    throw new MigrationError(
      `Migration ${migration.id} (${migration.name}) failed on ${tx.engine}: ${(error as Error).message}. No migration of this run was kept.`,
    );
  }
  await tx.execute('INSERT INTO schema_migrations (id, name, applied_at) VALUES ($1, $2, $3)', [
    migration.id,
    migration.name,
    new Date().toISOString(),
  ]);
}

function checkSequence(migrations: Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.id !== index + 1) {
      throw new MigrationError(`Migration "${migration.name}" has id ${migration.id} at position ${index + 1}: number migrations 1, 2, 3, ... in order.`);
    }
  });
}

function checkRecorded(recorded: { id: number; name: string }[], migrations: Migration[]): void {
  for (const [index, row] of recorded.entries()) {
    const known = migrations[index];
    if (known === undefined) {
      throw new MigrationError(
        `The database records migration ${row.id} (${row.name}), which this build does not have: run a build at least as new as the one that migrated this database.`,
      );
    }
    if (Number(row.id) !== known.id || row.name !== known.name) {
      throw new MigrationError(
        `The database records migration ${row.id} as "${row.name}" but this build has ${known.id} "${known.name}": an applied migration was changed. Restore it and add a new migration instead.`,
      );
    }
  }
}
