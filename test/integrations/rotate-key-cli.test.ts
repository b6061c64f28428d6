import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { openIntegrationStore, parseKeyRing } from '../../src/integrations';
import { openSqliteDatabase } from '../../src/integrations/database/sqlite';
import { newIntegration, uniqueToken } from './support/fixtures';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const logger = pino({ level: 'silent' });

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function storedTokens(file: string): Promise<unknown[]> {
  const raw = openSqliteDatabase(file);
  try {
    return await raw.query('SELECT id, token_ciphertext FROM integrations ORDER BY id');
  } finally {
    await raw.close();
  }
}

async function rotate(env: NodeJS.ProcessEnv): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'integrations:rotate-key'], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run integrations:rotate-key', () => {
  const k1 = `k1:${randomBytes(32).toString('base64')}`;
  const k2 = `k2:${randomBytes(32).toString('base64')}`;
  let dir: string;
  let file: string;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rotate-key-test-'));
    file = join(dir, 'integrations.sqlite');
    const store = await openIntegrationStore({ database: { engine: 'sqlite', file }, encryptionKeys: parseKeyRing(k1) }, { logger });
    for (const name of ['One', 'Two']) {
      const token = uniqueToken();
      tokens.set((await store.repository.create(newIntegration({ name, token }))).id, token);
    }
    await store.close();
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects a key ring without the old key and changes nothing', async () => {
    const before = await storedTokens(file);

    const result = await rotate({ DATABASE_FILE: file, INTEGRATIONS_ENCRYPTION_KEYS: k2 });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Key rotation failed, and no token was changed: The token of integration');
    expect(result.stderr).toContain('it was encrypted with key "k1", which INTEGRATIONS_ENCRYPTION_KEYS does not list');
    expect(before).toHaveLength(2);
    expect(await storedTokens(file)).toEqual(before);
  });

  it('rejects a malformed key ring naming the variable', async () => {
    const result = await rotate({ DATABASE_FILE: file, INTEGRATIONS_ENCRYPTION_KEYS: 'k2:not-base64' });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('INTEGRATIONS_ENCRYPTION_KEYS: entry 1 (key k2) is not 32 bytes in standard base64');
  });

  it('re-encrypts every token under the new key', async () => {
    const result = await rotate({ DATABASE_FILE: file, INTEGRATIONS_ENCRYPTION_KEYS: `${k2},${k1}` });

    expect(result).toEqual({ code: 0, stdout: 'Re-encrypted 2 of 2 integration tokens; every token is now under key "k2".\n', stderr: '' });
    const store = await openIntegrationStore({ database: { engine: 'sqlite', file }, encryptionKeys: parseKeyRing(k2) }, { logger });
    try {
      for (const [id, token] of tokens) expect((await store.repository.getCredentials(id)).token).toBe(token);
    } finally {
      await store.close();
    }
  });
});
