import { ConfigError, parseConfig } from '../../src/config';
import { developmentKeyId, developmentKeyRing } from '../../src/integrations/crypto/key-ring';

const keyA = Buffer.alloc(32, 1).toString('base64');
const keyB = Buffer.alloc(32, 2).toString('base64');

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('parseConfig accepted the environment');
}

describe('parseConfig for the integrations store', () => {
  it('uses the SQLite file under the stack folder by default', () => {
    const config = parseConfig({ STACK_DIR: '/tmp/stack-here' });

    expect(config.integrations.database).toEqual({ engine: 'sqlite', file: '/tmp/stack-here/data/iconik-delivery.sqlite' });
  });

  it('uses DATABASE_FILE when set', () => {
    const config = parseConfig({ DATABASE_FILE: '/var/lib/iconik/integrations.sqlite' });

    expect(config.integrations.database).toEqual({ engine: 'sqlite', file: '/var/lib/iconik/integrations.sqlite' });
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const url = 'postgres://app:pw@127.0.0.1:5432/iconik_delivery';

    expect(parseConfig({ DATABASE_URL: url }).integrations.database).toEqual({ engine: 'postgres', url });
  });

  it('rejects a DATABASE_URL of another scheme without repeating it', () => {
    const error = configError({ DATABASE_URL: 'mysql://app:hunter2@db/x' });

    expect(error.problems).toEqual(['DATABASE_URL: expected a PostgreSQL URL such as postgres://user:password@127.0.0.1:5432/iconik_delivery (got "<redacted>")']);
    expect(error.message).not.toContain('hunter2');
  });

  it('reads the key ring newest first', () => {
    const config = parseConfig({ INTEGRATIONS_ENCRYPTION_KEYS: `k2:${keyA},k1:${keyB}` });

    expect(config.integrations.encryptionKeys.map((key) => key.id)).toEqual(['k2', 'k1']);
  });

  it('falls back to the development key outside production', () => {
    const config = parseConfig({ NODE_ENV: 'development' });

    expect(config.integrations.encryptionKeys.map((key) => key.id)).toEqual([developmentKeyId]);
  });

  it('names the variable and the format of a malformed key ring', () => {
    const error = configError({ INTEGRATIONS_ENCRYPTION_KEYS: `k1:${keyA},k2:short` });

    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^INTEGRATIONS_ENCRYPTION_KEYS: entry 2 \(key k2\) is not 32 bytes in standard base64: expected comma-separated keyId:base64Key entries/);
    expect(error.problems[0]).toContain('(got "<redacted>")');
    expect(error.message).not.toContain(keyA);
  });

  it('requires a key ring in production', () => {
    const error = configError({ NODE_ENV: 'production', ADMIN_API_TOKEN: 'a-production-admin-token' });

    expect(error.problems).toContainEqual(expect.stringMatching(/^INTEGRATIONS_ENCRYPTION_KEYS: must be set when NODE_ENV is production, as comma-separated keyId:base64Key entries/));
  });

  it('rejects the development key in production', () => {
    const developmentKey = developmentKeyRing()[0]!.bytes().toString('base64');

    const error = configError({
      NODE_ENV: 'production',
      ADMIN_API_TOKEN: 'a-production-admin-token',
      INTEGRATIONS_ENCRYPTION_KEYS: `prod:${keyA},old:${developmentKey}`,
    });

    expect(error.problems).toContain(
      'INTEGRATIONS_ENCRYPTION_KEYS: must not contain the public development key when NODE_ENV is production (got "<redacted>")',
    );
    expect(error.message).not.toContain(developmentKey);
  });

  it('accepts a real key ring in production', () => {
    const config = parseConfig({
      NODE_ENV: 'production',
      ADMIN_API_TOKEN: 'a-production-admin-token',
      WEBHOOK_SECRET: 'a-production-webhook-secret',
      INTEGRATIONS_ENCRYPTION_KEYS: `prod:${keyA}`,
    });

    expect(config.integrations.encryptionKeys.map((key) => key.id)).toEqual(['prod']);
  });

  it('sets the stack PostgreSQL port and test database', () => {
    const config = parseConfig({ STACK_POSTGRES_PORT: '15432' });

    expect(config.stack.ports.postgres).toBe(15432);
    expect(config.stack.postgres).toEqual({ password: 'postgres', testDatabase: 'iconik_delivery_test' });
  });
});
