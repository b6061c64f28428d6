import pino from 'pino';
import { MigrationError, openIntegrationStore } from '../../src/integrations';
import { migrations, runMigrations, type Migration } from '../../src/integrations/migrations';
import { newIntegration, randomKey } from './support/fixtures';
import { createTestDatabase, engines, type TestDatabase } from './support/test-database';

const logger = pino({ level: 'silent' });

// Every migration this build has, as the runner records them, and the id a new one would take.
const shipped = migrations.map((migration) => ({ id: migration.id, name: migration.name }));
const next = migrations.length + 1;

describe.each(engines)('integrations migrations on %s', (engine) => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase(engine);
  });

  afterEach(async () => {
    await database?.drop();
  });

  async function recorded(): Promise<{ id: number; name: string }[]> {
    const rows = await database.raw.query<{ id: number; name: string }>('SELECT id, name FROM schema_migrations ORDER BY id');
    return rows.map((row) => ({ id: Number(row.id), name: row.name }));
  }

  async function tableExists(name: string): Promise<boolean> {
    const sql =
      engine === 'sqlite'
        ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name = $1"
        : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = $1";
    return (await database.raw.query(sql, [name])).length === 1;
  }

  it('apply once and record each migration', async () => {
    expect(await runMigrations(database.raw, migrations, logger)).toEqual(shipped.map((migration) => migration.id));
    expect(shipped[0]).toEqual({ id: 1, name: 'create integrations' });
    expect(await runMigrations(database.raw, migrations, logger)).toEqual([]);

    expect(await recorded()).toEqual(shipped);
    expect(await tableExists('integrations')).toBe(true);
    expect(await tableExists('integration_portals')).toBe(true);
  });

  // TODO: two SQLite stores in one process sometimes fail here with "database
  // is locked" after the 5 s lock wait on a loaded machine. Find the cause.
  const onSqliteSkipped = engine === 'sqlite' ? it.skip : it;

  onSqliteSkipped('apply once when two stores open together', async () => {
    const keys = [randomKey('k1')];
    const stores = await Promise.all([1, 2].map(() => openIntegrationStore({ database: database.config, encryptionKeys: keys }, { logger })));
    await Promise.all(stores.map((store) => store.close()));

    expect(await recorded()).toEqual(shipped);
  });

  it('keep the data when the store opens again', async () => {
    const keys = [randomKey('k1')];
    const first = await openIntegrationStore({ database: database.config, encryptionKeys: keys }, { logger });
    const created = await first.repository.create(newIntegration());
    await first.close();

    const second = await openIntegrationStore({ database: database.config, encryptionKeys: keys }, { logger });
    try {
      expect(await second.repository.list()).toEqual([created]);
      expect(await recorded()).toEqual(shipped);
    } finally {
      await second.close();
    }
  });

  it('apply a later migration on an existing schema', async () => {
    await runMigrations(database.raw, migrations, logger);
    const later: Migration = { id: next, name: 'add integration labels', sql: 'CREATE TABLE integration_labels (integration_id VARCHAR(36) NOT NULL, label TEXT NOT NULL)' };

    expect(await runMigrations(database.raw, [...migrations, later], logger)).toEqual([next]);

    expect(await recorded()).toEqual([...shipped, { id: next, name: 'add integration labels' }]);
    expect(await tableExists('integration_labels')).toBe(true);
  });

  it('roll back every migration of a run when one fails', async () => {
    const failing: Migration = {
      id: next,
      name: 'half-broken',
      sql: 'CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table (id) VALUES (1);',
    };

    const error = await runMigrations(database.raw, [...migrations, failing], logger).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toContain(`Migration ${next} (half-broken) failed on ${engine}`);
    expect(await tableExists('half_done')).toBe(false);
    expect(await tableExists('integrations')).toBe(false);
    expect(await tableExists('schema_migrations')).toBe(false);
  });

  it('reject a recorded migration that was renamed', async () => {
    await runMigrations(database.raw, migrations, logger);
    const renamed: Migration[] = [{ ...migrations[0]!, name: 'create the integrations' }];

    await expect(runMigrations(database.raw, renamed, logger)).rejects.toThrow(
      'The database records migration 1 as "create integrations" but this build has 1 "create the integrations"',
    );
  });

  it('reject a database migrated by a newer build', async () => {
    const later: Migration = { id: next, name: 'from the future', sql: 'CREATE TABLE future (id INTEGER)' };
    await runMigrations(database.raw, [...migrations, later], logger);

    await expect(runMigrations(database.raw, migrations, logger)).rejects.toThrow(
      `The database records migration ${next} (from the future), which this build does not have`,
    );
  });

  it('reject migrations numbered out of order', async () => {
    const skipped: Migration = { id: next + 1, name: 'skips one', sql: 'SELECT 1' };

    await expect(runMigrations(database.raw, [...migrations, skipped], logger)).rejects.toThrow(
      `Migration "skips one" has id ${next + 1} at position ${next}`,
    );
    expect(await tableExists('schema_migrations')).toBe(false);
  });
});
