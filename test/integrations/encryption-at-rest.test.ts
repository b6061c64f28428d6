import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { openIntegrationStore, TokenDecryptionError, type EncryptionKey, type IntegrationStore } from '../../src/integrations';
import { encodedForms, newIntegration, randomKey, uniqueToken } from './support/fixtures';
import { createTestDatabase, engines, type TestDatabase } from './support/test-database';

const logger = pino({ level: 'silent' });

describe.each(engines)('integration tokens at rest on %s', (engine) => {
  let database: TestDatabase;
  const k1 = randomKey('k1');
  const k2 = randomKey('k2');
  const openStores: IntegrationStore[] = [];

  async function openWith(keys: EncryptionKey[]): Promise<IntegrationStore> {
    const store = await openIntegrationStore({ database: database.config, encryptionKeys: keys }, { logger });
    openStores.push(store);
    return store;
  }

  async function storedTokens(): Promise<Map<string, string>> {
    const rows = await database.raw.query<{ id: string; token_ciphertext: string }>('SELECT id, token_ciphertext FROM integrations');
    return new Map(rows.map((row) => [row.id, row.token_ciphertext]));
  }

  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });

  afterEach(async () => {
    while (openStores.length > 0) await openStores.pop()?.close();
    await database.raw.execute('DELETE FROM integrations');
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('keeps the token unreadable in the raw database', async () => {
    const store = await openWith([k1]);
    const firstToken = uniqueToken();
    const replacedToken = uniqueToken();
    const name = `Raw bytes check ${uniqueToken()}`;
    const created = await store.repository.create(newIntegration({ name, token: firstToken }));
    await store.repository.update(created.id, { token: replacedToken });

    const stored = (await storedTokens()).get(created.id);
    expect(stored).toMatch(/^v1:k1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);

    const rawRows = JSON.stringify(await database.raw.query('SELECT * FROM integrations'));
    expect(rawRows).toContain(name);
    for (const token of [firstToken, replacedToken]) {
      for (const { form, bytes } of encodedForms(token)) {
        expect({ form, found: rawRows.includes(bytes.toString('latin1')) }).toEqual({ form, found: false });
      }
    }

    const files = await rawFiles(database);
    expect(files.length).toBeGreaterThan(0);
    // The name is stored in clear text, so finding it proves the bytes read are the table's.
    expect(files.some((file) => file.bytes.includes(Buffer.from(name)))).toBe(true);
    for (const file of files) {
      for (const token of [firstToken, replacedToken]) {
        for (const { form, bytes } of encodedForms(token)) {
          expect({ file: file.path, form, found: file.bytes.includes(bytes) }).toEqual({ file: file.path, form, found: false });
        }
      }
    }
  });

  it('fails to decrypt a ciphertext moved to another row', async () => {
    const store = await openWith([k1]);
    const tokenA = uniqueToken();
    const a = await store.repository.create(newIntegration({ name: 'A', token: tokenA }));
    const b = await store.repository.create(newIntegration({ name: 'B' }));
    await database.raw.execute('UPDATE integrations SET token_ciphertext = (SELECT token_ciphertext FROM integrations WHERE id = $1) WHERE id = $2', [a.id, b.id]);

    const error = await store.repository.getCredentials(b.id).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TokenDecryptionError);
    expect((error as Error).message).toContain(`The token of integration ${b.id} cannot be decrypted: authentication with key "k1" failed`);
    expect((error as Error).message).not.toContain(tokenA);
    expect((await store.repository.getCredentials(a.id)).token).toBe(tokenA);
  });

  it('fails to decrypt under a different key with the same id', async () => {
    const writer = await openWith([k1]);
    const created = await writer.repository.create(newIntegration());
    const reader = await openWith([randomKey('k1')]);

    await expect(reader.repository.getCredentials(created.id)).rejects.toThrow('authentication with key "k1" failed');
  });

  it('rotation re-encrypts every row and survives removal of the old key', async () => {
    const before = await openWith([k1]);
    const tokens = new Map<string, string>();
    for (const name of ['One', 'Two', 'Three']) {
      const token = uniqueToken();
      const created = await before.repository.create(newIntegration({ name, token }));
      tokens.set(created.id, token);
    }
    const storedBefore = await storedTokens();

    const rotating = await openWith([k2, k1]);
    const result = await rotating.repository.reencryptTokens();

    expect(result).toEqual({ checked: 3, reencrypted: 3, currentKeyId: 'k2' });
    const storedAfter = await storedTokens();
    for (const [id, value] of storedAfter) {
      expect(value.startsWith('v1:k2:')).toBe(true);
      expect(value).not.toBe(storedBefore.get(id));
    }
    expect(await rotating.repository.reencryptTokens()).toEqual({ checked: 3, reencrypted: 0, currentKeyId: 'k2' });

    const afterRemoval = await openWith([k2]);
    for (const [id, token] of tokens) {
      expect((await afterRemoval.repository.getCredentials(id)).token).toBe(token);
    }

    const withOldKeyOnly = await openWith([k1]);
    const [firstId] = [...tokens.keys()];
    await expect(withOldKeyOnly.repository.getCredentials(firstId ?? '')).rejects.toThrow(
      'it was encrypted with key "k2", which INTEGRATIONS_ENCRYPTION_KEYS does not list',
    );
  });

  it('rotation that fails on one row changes no row', async () => {
    const before = await openWith([k1]);
    const a = await before.repository.create(newIntegration({ name: 'A' }));
    const b = await before.repository.create(newIntegration({ name: 'B' }));
    await before.repository.create(newIntegration({ name: 'C' }));
    await database.raw.execute('UPDATE integrations SET token_ciphertext = (SELECT token_ciphertext FROM integrations WHERE id = $1) WHERE id = $2', [a.id, b.id]);
    const storedBefore = await storedTokens();

    const rotating = await openWith([k2, k1]);
    await expect(rotating.repository.reencryptTokens()).rejects.toThrow(`The token of integration ${b.id} cannot be decrypted`);

    expect(await storedTokens()).toEqual(storedBefore);
  });
});

/** Returns every file in which the engine keeps the table's rows: the SQLite file and its WAL, or PostgreSQL's heap file and WAL segments. */
async function rawFiles(database: TestDatabase): Promise<{ path: string; bytes: Buffer }[]> {
  if (database.sqliteFile !== undefined) {
    const paths = [database.sqliteFile, `${database.sqliteFile}-wal`].filter((path) => existsSync(path));
    return paths.map((path) => ({ path, bytes: readFileSync(path) }));
  }
  // CHECKPOINT writes the table's pages to its heap file, and pg_wal contains every change since.
  await database.raw.executeScript('CHECKPOINT');
  const [location] = await database.raw.query<{ data_dir: string; heap: string }>(
    "SELECT current_setting('data_directory') AS data_dir, pg_relation_filepath('integrations') AS heap",
  );
  if (location === undefined) throw new Error('PostgreSQL returned no data directory');
  const walDir = join(location.data_dir, 'pg_wal');
  const walSegments = readdirSync(walDir)
    .filter((name) => /^[0-9A-F]{24}$/.test(name))
    .map((name) => join(walDir, name));
  return [join(location.data_dir, location.heap), ...walSegments].map((path) => ({ path, bytes: readFileSync(path) }));
}
