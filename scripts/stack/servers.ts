import { dirname, join } from 'node:path';
import { loadConfig, type Config } from '../../src/config';
import { searchAttributeKeys } from '../../src/workflows/search-attributes';
import { ensureGoProgram, goPrograms } from './binaries';
import { httpAnswers, temporalServing } from './health';
import { asServerUser, clusterDir, ensureCluster, findPostgresBinDir, postgresReady } from './postgres';
import type { ServerPaths } from './processes';
import { resolveTemporalCli } from './temporal-cli';

export interface StackContext {
  config: Config['stack'];
  log: (line: string) => void;
}

export interface LaunchCommand {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

/** One server of the local stack: how to install it, launch it and tell that it serves. */
export interface ServerDefinition {
  name: string;
  /** The environment variable that sets its main port, named in port-conflict errors. */
  portVariable: string;
  port: (ctx: StackContext) => number;
  endpoints: (ctx: StackContext) => Record<string, string>;
  install: (ctx: StackContext) => Promise<string>;
  launch: (ctx: StackContext, executable: string, paths: ServerPaths) => LaunchCommand;
  healthy: (ctx: StackContext) => Promise<boolean>;
  startTimeoutMs: number;
}

const temporal: ServerDefinition = {
  name: 'temporal',
  portVariable: 'STACK_TEMPORAL_PORT',
  port: (ctx) => ctx.config.ports.temporal,
  endpoints: (ctx) => ({
    frontend: `127.0.0.1:${ctx.config.ports.temporal}`,
    ui: `http://127.0.0.1:${ctx.config.ports.temporalUi}`,
  }),
  install: (ctx) => resolveTemporalCli({ cacheDir: ctx.config.cacheDir, explicitPath: ctx.config.temporalCliPath, log: ctx.log }),
  launch: (ctx, executable, paths) => ({
    command: executable,
    args: [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(ctx.config.ports.temporal),
      '--ui-port',
      String(ctx.config.ports.temporalUi),
      '--db-filename',
      join(paths.dataDir, 'temporal.db'),
      // A test stack needs no durability across power loss; without these every
      // history write waits for the disk, and the disk limits the tests.
      '--sqlite-pragma',
      'journal_mode=wal',
      '--sqlite-pragma',
      'synchronous=off',
      '--log-format',
      'json',
      '--log-level',
      'warn',
      ...searchAttributeKeys.flatMap((key) => ['--search-attribute', `${key.name}=${temporalTypeName(key.type)}`]),
    ],
  }),
  healthy: (ctx) => temporalServing(`127.0.0.1:${ctx.config.ports.temporal}`),
  startTimeoutMs: 60_000,
};

// The CLI spells search attribute types in PascalCase; the SDK uses upper case.
function temporalTypeName(type: string): string {
  const names: Record<string, string> = { KEYWORD: 'Keyword', TEXT: 'Text', INT: 'Int', DOUBLE: 'Double', BOOL: 'Bool', DATETIME: 'Datetime', KEYWORD_LIST: 'KeywordList' };
  const name = names[type];
  if (name === undefined) throw new Error(`search attribute type ${type} has no Temporal CLI name`);
  return name;
}

const minio: ServerDefinition = {
  name: 'minio',
  portVariable: 'STACK_MINIO_PORT',
  port: (ctx) => ctx.config.ports.minio,
  endpoints: (ctx) => ({
    s3: `http://127.0.0.1:${ctx.config.ports.minio}`,
    console: `http://127.0.0.1:${ctx.config.ports.minioConsole}`,
  }),
  install: (ctx) => Promise.resolve(ensureGoProgram(ctx.config.cacheDir, goPrograms.minio, ctx.log)),
  launch: (ctx, executable, paths) => ({
    command: executable,
    args: [
      'server',
      paths.dataDir,
      '--address',
      `127.0.0.1:${ctx.config.ports.minio}`,
      '--console-address',
      `127.0.0.1:${ctx.config.ports.minioConsole}`,
      '--quiet',
    ],
    env: {
      MINIO_ROOT_USER: ctx.config.minio.rootUser,
      MINIO_ROOT_PASSWORD: ctx.config.minio.rootPassword,
      MINIO_BROWSER: 'on',
      MINIO_UPDATE: 'off',
    },
  }),
  healthy: (ctx) => httpAnswers(`http://127.0.0.1:${ctx.config.ports.minio}/minio/health/live`),
  startTimeoutMs: 30_000,
};

const azurite: ServerDefinition = {
  name: 'azurite',
  portVariable: 'STACK_AZURITE_BLOB_PORT',
  port: (ctx) => ctx.config.ports.azuriteBlob,
  endpoints: (ctx) => ({ blob: `http://127.0.0.1:${ctx.config.ports.azuriteBlob}/devstoreaccount1` }),
  install: () => Promise.resolve(require.resolve('azurite/dist/src/blob/main.js')),
  launch: (ctx, executable, paths) => ({
    command: process.execPath,
    args: [
      executable,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(ctx.config.ports.azuriteBlob),
      '--location',
      paths.dataDir,
      '--skipApiVersionCheck',
      '--loose',
    ],
  }),
  // Azurite rejects an unsigned request with 403, which proves it serves.
  healthy: (ctx) => httpAnswers(`http://127.0.0.1:${ctx.config.ports.azuriteBlob}/devstoreaccount1?comp=list`, [200, 403]),
  startTimeoutMs: 30_000,
};

const fakeGcs: ServerDefinition = {
  name: 'fake-gcs-server',
  portVariable: 'STACK_GCS_PORT',
  port: (ctx) => ctx.config.ports.gcs,
  endpoints: (ctx) => ({ gcs: `http://127.0.0.1:${ctx.config.ports.gcs}` }),
  install: (ctx) => Promise.resolve(ensureGoProgram(ctx.config.cacheDir, goPrograms.fakeGcsServer, ctx.log)),
  launch: (ctx, executable, paths) => {
    const origin = `127.0.0.1:${ctx.config.ports.gcs}`;
    return {
      command: executable,
      args: [
        '-scheme',
        'http',
        '-host',
        '127.0.0.1',
        '-port',
        String(ctx.config.ports.gcs),
        '-public-host',
        origin,
        '-external-url',
        `http://${origin}`,
        '-backend',
        'filesystem',
        '-filesystem-root',
        paths.dataDir,
        '-log-level',
        'warn',
      ],
    };
  },
  healthy: (ctx) => httpAnswers(`http://127.0.0.1:${ctx.config.ports.gcs}/storage/v1/b`),
  startTimeoutMs: 30_000,
};

const mailpit: ServerDefinition = {
  name: 'mailpit',
  portVariable: 'STACK_SMTP_PORT',
  port: (ctx) => ctx.config.ports.smtp,
  endpoints: (ctx) => ({
    smtp: `127.0.0.1:${ctx.config.ports.smtp}`,
    web: `http://127.0.0.1:${ctx.config.ports.mailpitHttp}`,
  }),
  install: (ctx) => Promise.resolve(ensureGoProgram(ctx.config.cacheDir, goPrograms.mailpit, ctx.log)),
  launch: (ctx, executable, paths) => ({
    command: executable,
    args: [
      '--smtp',
      `127.0.0.1:${ctx.config.ports.smtp}`,
      '--listen',
      `127.0.0.1:${ctx.config.ports.mailpitHttp}`,
      '--database',
      join(paths.dataDir, 'mailpit.db'),
      '--smtp-auth-accept-any',
      '--smtp-auth-allow-insecure',
      '--disable-version-check',
    ],
  }),
  healthy: (ctx) => httpAnswers(`http://127.0.0.1:${ctx.config.ports.mailpitHttp}/livez`),
  startTimeoutMs: 30_000,
};

// Debian's PostgreSQL, with its cluster in the stack's data folder. As root
// it runs as the postgres system user, because PostgreSQL refuses root.
const postgres: ServerDefinition = {
  name: 'postgres',
  portVariable: 'STACK_POSTGRES_PORT',
  port: (ctx) => ctx.config.ports.postgres,
  endpoints: (ctx) => ({ url: `postgres://postgres@127.0.0.1:${ctx.config.ports.postgres}/${ctx.config.postgres.testDatabase}` }),
  install: () => Promise.resolve(join(findPostgresBinDir(), 'postgres')),
  launch: (ctx, executable, paths) => {
    ensureCluster(dirname(executable), paths, ctx.config.postgres.password);
    // An empty socket directory list turns Unix sockets off: clients use TCP on loopback only.
    return asServerUser(executable, ['-D', clusterDir(paths), '-h', '127.0.0.1', '-p', String(ctx.config.ports.postgres), '-k', '']);
  },
  healthy: (ctx) => postgresReady(ctx.config),
  startTimeoutMs: 60_000,
};

// The Iconik simulator is this repository's own TypeScript server, run through tsx's loader. It starts after
// the storage servers because it creates its buckets and containers on them at start-up.
const iconikSim: ServerDefinition = {
  name: 'iconik-sim',
  portVariable: 'ICONIK_SIM_PORT',
  port: () => loadConfig().iconikSim.port,
  endpoints: () => ({ api: `http://127.0.0.1:${loadConfig().iconikSim.port}/API/`, admin: `http://127.0.0.1:${loadConfig().iconikSim.port}/_sim/` }),
  install: () => Promise.resolve(join(__dirname, '..', '..', 'src', 'simulator', 'main.ts')),
  launch: (_ctx, executable, paths) => ({
    command: process.execPath,
    args: ['--import', 'tsx', executable],
    env: { ICONIK_SIM_STATE_FILE: process.env.ICONIK_SIM_STATE_FILE ?? join(paths.dataDir, 'state.json') },
  }),
  healthy: () => httpAnswers(`http://127.0.0.1:${loadConfig().iconikSim.port}/_sim/health`),
  startTimeoutMs: 30_000,
};

// The Slack stand-in is this repository's own TypeScript server, like the Iconik simulator. Slack has no
// local server, and the notification activities post to the stand-in when SLACK_API_URL points at it.
const slackStandin: ServerDefinition = {
  name: 'slack-standin',
  portVariable: 'SLACK_STANDIN_PORT',
  port: () => loadConfig().slackStandin.port,
  endpoints: () => ({ api: `http://127.0.0.1:${loadConfig().slackStandin.port}/api/`, messages: `http://127.0.0.1:${loadConfig().slackStandin.port}/_standin/messages` }),
  install: () => Promise.resolve(join(__dirname, '..', '..', 'src', 'slack-standin', 'main.ts')),
  launch: (_ctx, executable) => ({ command: process.execPath, args: ['--import', 'tsx', executable] }),
  healthy: () => httpAnswers(`http://127.0.0.1:${loadConfig().slackStandin.port}/_standin/health`),
  startTimeoutMs: 30_000,
};

/** Every server in start order. */
export const servers: ServerDefinition[] = [temporal, minio, azurite, fakeGcs, mailpit, postgres, iconikSim, slackStandin];
