import { ConfigError, parseConfig } from '../../src/config';

describe('parseConfig', () => {
  it('applies the local defaults to an empty environment', () => {
    const config = parseConfig({ HOME: '/home/test' });
    expect(config.temporal).toEqual({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'iconik-delivery',
      transferTaskQueue: 'iconik-delivery-transfer',
      uiUrl: 'http://127.0.0.1:8233',
    });
    expect(config.api).toEqual({ host: '127.0.0.1', port: 3000, adminToken: 'local-development-admin-token' });
    expect(config.iconik).toEqual({ requestsPerSecond: 40 });
    expect(config.worker).toEqual({ maxCachedWorkflows: 200 });
    expect(config.transfer).toEqual({ partsInFlight: 4, minPartSizeBytes: 8 * 1024 * 1024, memoryBudgetBytes: 64 * 1024 * 1024 });
    expect(config.stack.ports.minio).toBe(9000);
  });

  it('bounds the workflow cache size', () => {
    expect(parseConfig({ WORKER_MAX_CACHED_WORKFLOWS: '50' }).worker).toEqual({ maxCachedWorkflows: 50 });
    expect(() => parseConfig({ WORKER_MAX_CACHED_WORKFLOWS: '1' })).toThrow('WORKER_MAX_CACHED_WORKFLOWS');
  });

  it('expands a leading tilde in the cache folder', () => {
    const config = parseConfig({ ICONIK_DELIVERY_CACHE_DIR: '~/cache-here' });
    expect(config.stack.cacheDir.endsWith('/cache-here')).toBe(true);
    expect(config.stack.cacheDir.startsWith('~')).toBe(false);
  });

  it('names every invalid variable in one error', () => {
    let caught: unknown;
    try {
      parseConfig({ TEMPORAL_ADDRESS: 'no-port-here', STACK_MINIO_PORT: '70000', LOG_LEVEL: 'loud' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.find((problem) => problem.startsWith('TEMPORAL_ADDRESS:'))).toContain('expected host:port');
    expect(problems.find((problem) => problem.startsWith('TEMPORAL_ADDRESS:'))).toContain('got "no-port-here"');
    expect(problems.find((problem) => problem.startsWith('STACK_MINIO_PORT:'))).toContain('got "70000"');
    expect(problems.find((problem) => problem.startsWith('LOG_LEVEL:'))).toContain('got "loud"');
    expect((caught as ConfigError).message).toContain('See .env.example');
  });

  it('never repeats a secret value in its error', () => {
    let caught: unknown;
    try {
      parseConfig({ MINIO_ROOT_PASSWORD: 'short' });
    } catch (error) {
      caught = error;
    }
    const message = (caught as ConfigError).message;
    expect(message).toContain('MINIO_ROOT_PASSWORD: must be at least 8 characters (got "<redacted>")');
    expect(message).not.toContain('short"');
  });
});

describe('parseConfig for the local stack', () => {
  it('points Temporal clients at the stack ports when no address is set', () => {
    const config = parseConfig({ STACK_TEMPORAL_PORT: '17233', STACK_TEMPORAL_UI_PORT: '18233' });
    expect(config.temporal.address).toBe('127.0.0.1:17233');
    expect(config.temporal.uiUrl).toBe('http://127.0.0.1:18233');
  });

  it('keeps an explicit Temporal address', () => {
    const config = parseConfig({ TEMPORAL_ADDRESS: 'temporal:7233', STACK_TEMPORAL_PORT: '17233' });
    expect(config.temporal.address).toBe('temporal:7233');
  });
});

describe('parseConfig in production', () => {
  it('requires the admin API token', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow('ADMIN_API_TOKEN: must be set when NODE_ENV is production (missing)');
  });
});
