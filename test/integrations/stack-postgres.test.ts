import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { clusterDir } from '../../scripts/stack/postgres';
import { serverPaths } from '../../scripts/stack/processes';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function query(port: number, sql: string): Promise<unknown[]> {
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password: 'stack-test-password', database: 'iconik_delivery_test' });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function canLogIn(port: number, password: string, database: string): Promise<boolean> {
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

// A second PostgreSQL in its own stack folder and port, so the shared stack's
// server is never touched.
describe('stack postgres server', () => {
  let stackDir: string;
  let env: NodeJS.ProcessEnv;
  let port: number;

  async function stack(args: string[]): Promise<string> {
    const { stdout, stderr } = await run(tsx, ['scripts/stack.ts', ...args], { cwd: root, env });
    return stdout + stderr;
  }

  beforeAll(async () => {
    // mkdtemp makes a 0700 folder, which the postgres user could not enter when the tests run as root.
    stackDir = mkdtempSync(join(tmpdir(), 'stack-postgres-test-'));
    chmodSync(stackDir, 0o755);
    port = await freePort();
    env = { ...process.env, STACK_DIR: stackDir, STACK_POSTGRES_PORT: String(port), STACK_POSTGRES_PASSWORD: 'stack-test-password' };
  });

  afterAll(async () => {
    if (existsSync(join(stackDir, 'run', 'postgres.pid'))) await stack(['down', 'postgres']);
    rmSync(clusterDir(serverPaths(resolve(stackDir), 'postgres')), { recursive: true, force: true });
    rmSync(stackDir, { recursive: true, force: true });
  });

  it('initializes, starts, reports and stops a cluster', async () => {
    const started = await stack(['up', 'postgres']);
    expect(started).toMatch(new RegExp(`\\[stack\\] postgres started in \\d+\\.\\d s \\(url postgres://postgres@127.0.0.1:${port}/iconik_delivery_test`));

    const dataDir = clusterDir(serverPaths(resolve(stackDir), 'postgres'));
    expect(readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim()).toMatch(/^\d+$/);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    if (process.getuid?.() === 0) {
      const pid = readFileSync(join(stackDir, 'run', 'postgres.pid'), 'utf8').trim();
      const { stdout } = await run('ps', ['-o', 'user=', '-p', pid]);
      expect(stdout.trim()).toBe('postgres');
    }

    expect(await canLogIn(port, 'stack-test-password', 'iconik_delivery_test')).toBe(true);
    expect(await canLogIn(port, 'wrong-password', 'iconik_delivery_test')).toBe(false);

    expect(await stack(['status', 'postgres'])).toMatch(/\[stack\] postgres\s+healthy pid \d+/);
    const again = await stack(['up', 'postgres']);
    expect(again).toContain('[stack] postgres already runs');
    expect(again).not.toContain('started in');

    await query(port, "CREATE TABLE kept (value TEXT); INSERT INTO kept VALUES ('before restart')");
    expect(await stack(['down', 'postgres'])).toContain('[stack] postgres stopped');
    expect(await canLogIn(port, 'stack-test-password', 'postgres')).toBe(false);

    // A second start reuses the cluster instead of running initdb again.
    expect(await stack(['up', 'postgres'])).toContain('[stack] postgres started in');
    expect(await query(port, 'SELECT value FROM kept')).toEqual([{ value: 'before restart' }]);
  });
});
