import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Config } from '../../src/config';
import type { ServerPaths } from './processes';

const postgresRoot = '/usr/lib/postgresql';
// The system user that Debian's postgresql package creates.
const systemUser = 'postgres';

/** Returns the bin folder of the newest PostgreSQL that Debian's packages installed. */
export function findPostgresBinDir(): string {
  const versions = existsSync(postgresRoot)
    ? readdirSync(postgresRoot)
        .filter((name) => /^\d+$/.test(name) && existsSync(join(postgresRoot, name, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) {
    throw new Error(`PostgreSQL is not installed: no ${postgresRoot}/<version>/bin/postgres found. Install it with "apt-get install -y postgresql".`);
  }
  return join(postgresRoot, newest, 'bin');
}

/**
 * PostgreSQL refuses to run as root. As root, the command runs as the
 * `postgres` system user through setpriv, which replaces itself with the
 * command, so the recorded process id is the server's own.
 */
export function asServerUser(command: string, args: string[]): { command: string; args: string[] } {
  if (process.getuid?.() !== 0) return { command, args };
  return { command: 'setpriv', args: [`--reuid=${systemUser}`, `--regid=${systemUser}`, '--init-groups', '--', command, ...args] };
}

/**
 * Returns the folder of the database cluster. As root the server runs as the
 * `postgres` user, which may not be able to enter the clone's folder (for
 * example a clone under /root, mode 700), so the cluster then lives under
 * /var/tmp in a folder named after the stack's data folder.
 */
export function clusterDir(paths: ServerPaths): string {
  if (process.getuid?.() !== 0) return paths.dataDir;
  return join('/var/tmp/iconik-delivery-postgres', createHash('sha256').update(paths.dataDir).digest('hex').slice(0, 16));
}

/**
 * Creates the database cluster in `clusterDir(paths)` on the first start, with
 * the superuser `postgres` and password authentication. Does nothing when
 * the cluster exists.
 */
export function ensureCluster(binDir: string, paths: ServerPaths, password: string): void {
  const dataDir = clusterDir(paths);
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;

  mkdirSync(dataDir, { recursive: true });
  const passwordDir = mkdtempSync(join(tmpdir(), 'stack-postgres-'));
  const passwordFile = join(passwordDir, 'password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (process.getuid?.() === 0) {
      const { uid, gid } = systemUserIds();
      chownSync(dataDir, uid, gid);
      chownSync(passwordDir, uid, gid);
      chownSync(passwordFile, uid, gid);
    }
    chmodSync(dataDir, 0o700);

    const initdb = asServerUser(join(binDir, 'initdb'), [
      '--pgdata',
      dataDir,
      '--username',
      'postgres',
      '--pwfile',
      passwordFile,
      '--auth',
      'scram-sha-256',
      '--encoding',
      'UTF8',
      '--no-locale',
    ]);
    const result = spawnSync(initdb.command, initdb.args, { encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(
        `initdb failed in ${dataDir} (exit ${result.status ?? result.signal}): ${(result.stderr || result.stdout).trim()}\n` +
          `When running as root, the ${systemUser} user needs execute permission on every parent folder of STACK_DIR.`,
      );
    }
  } finally {
    rmSync(passwordDir, { recursive: true, force: true });
  }
}

function systemUserIds(): { uid: number; gid: number } {
  const uid = Number(spawnSync('id', ['-u', systemUser], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', systemUser], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid === 0) {
    throw new Error(`the ${systemUser} system user does not exist: install Debian's postgresql package, which creates it.`);
  }
  return { uid, gid };
}

/** Returns the URL of a database on the stack's server, as its superuser. */
export function stackPostgresUrl(stack: Config['stack'], database: string): string {
  return `postgres://postgres:${encodeURIComponent(stack.postgres.password)}@127.0.0.1:${stack.ports.postgres}/${database}`;
}

/**
 * Returns true when the server accepts a login and runs a query. It also
 * creates the tests' database when missing, so a healthy server always has it.
 */
export async function postgresReady(stack: Config['stack']): Promise<boolean> {
  const client = new Client({ connectionString: stackPostgresUrl(stack, 'postgres'), connectionTimeoutMillis: 2_000 });
  // A server shutting down may end the connection with an error event.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [stack.postgres.testDatabase]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${stack.postgres.testDatabase}`);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
