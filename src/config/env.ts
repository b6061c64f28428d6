import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { developmentKeyRing, keyRingFormat, parseKeyRing, type EncryptionKey } from '../integrations/crypto/key-ring';

const port = z.coerce.number().int().min(1).max(65535);
const hostPort = z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port, for example 127.0.0.1:7233');
const nonEmpty = z.string().min(1, 'must not be empty');

/**
 * Every environment variable the service and its tooling read. `.env.example`
 * documents each one; keep the two in step.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  // Unset, these two follow the local stack's Temporal ports.
  TEMPORAL_ADDRESS: hostPort.optional(),
  TEMPORAL_NAMESPACE: nonEmpty.default('default'),
  TEMPORAL_TASK_QUEUE: nonEmpty.default('iconik-delivery'),
  // Unset, it is TEMPORAL_TASK_QUEUE with "-transfer" appended.
  TEMPORAL_TRANSFER_TASK_QUEUE: nonEmpty.optional(),

  DELIVERY_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(200),
  DELIVERY_FILE_WINDOW: z.coerce.number().int().min(1).max(200).default(8),
  DELIVERY_SUPPORT_WINDOW: z.string().regex(/^\d+ ?(seconds?|minutes?|hours?|days?|s|m|h|d)$/, 'expected a duration such as "7 days" or "12h"').default('7 days'),
  DELIVERY_HISTORY_LIMIT: z.coerce.number().int().min(500).max(40_000).default(8_000),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2).max(10_000).default(200),
  TEMPORAL_UI_URL: z.url().optional(),

  API_HOST: nonEmpty.default('127.0.0.1'),
  API_PORT: port.default(3000),
  // Bearer token of the admin API. Outside production a fixed development
  // token applies when it is unset.
  ADMIN_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  // Shared secret that signs package webhooks (X-Signature) or is sent as
  // X-Webhook-Secret. Outside production a fixed development secret applies
  // when it is unset.
  WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),

  // Unset, integrations are stored in the SQLite file DATABASE_FILE, by default
  // STACK_DIR/data/iconik-delivery.sqlite.
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'expected a PostgreSQL URL such as postgres://user:password@127.0.0.1:5432/iconik_delivery')
    .optional(),
  DATABASE_FILE: nonEmpty.optional(),
  // Keys of the integrations' application tokens. Outside production a
  // public development key applies when it is unset.
  INTEGRATIONS_ENCRYPTION_KEYS: z.string().transform(toKeyRing).optional(),

  ICONIK_REQUESTS_PER_SECOND: z.coerce.number().positive().max(50, 'must be at most 50, the rate Iconik allows per App ID').default(40),

  // Where package files are read from. Unset, the S3 source store is the local stack's MinIO.
  SOURCE_FILE_ROOT: nonEmpty.default(join('.stack', 'data', 'sources')),
  SOURCE_S3_ENDPOINT: z.url().optional(),
  SOURCE_S3_REGION: nonEmpty.default('us-east-1'),
  SOURCE_S3_ACCESS_KEY_ID: nonEmpty.optional(),
  SOURCE_S3_SECRET_ACCESS_KEY: nonEmpty.optional(),
  TRANSFER_PARTS_IN_FLIGHT: z.coerce.number().int().min(1).max(64).default(4),
  TRANSFER_MEMORY_BUDGET_MIB: z.coerce.number().int().min(8).max(65_536).default(64),
  // S3 rejects parts under 5 MiB except the last one.
  TRANSFER_MIN_PART_SIZE_MIB: z.coerce.number().int().min(5, 'must be at least 5, the smallest S3 part').max(5120).default(8),

  ICONIK_DELIVERY_CACHE_DIR: nonEmpty.default(join(homedir(), '.cache', 'iconik-delivery')),
  TEMPORAL_CLI_PATH: nonEmpty.optional(),
  STACK_DIR: nonEmpty.default('.stack'),
  STACK_TEMPORAL_PORT: port.default(7233),
  STACK_TEMPORAL_UI_PORT: port.default(8233),
  STACK_MINIO_PORT: port.default(9000),
  STACK_MINIO_CONSOLE_PORT: port.default(9001),
  MINIO_ROOT_USER: z.string().min(3, 'must be at least 3 characters').default('minioadmin'),
  MINIO_ROOT_PASSWORD: z.string().min(8, 'must be at least 8 characters').default('minioadmin'),
  STACK_AZURITE_BLOB_PORT: port.default(10000),
  // Azurite's built-in development account and its published key.
  AZURITE_ACCOUNT_NAME: nonEmpty.default('devstoreaccount1'),
  AZURITE_ACCOUNT_KEY: nonEmpty.default('Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='),
  STACK_GCS_PORT: port.default(4443),
  STACK_SMTP_PORT: port.default(1025),
  STACK_MAILPIT_HTTP_PORT: port.default(8025),
  STACK_POSTGRES_PORT: port.default(5432),
  STACK_POSTGRES_PASSWORD: nonEmpty.default('postgres'),

  ICONIK_SIM_PORT: port.default(8710),
  ICONIK_SIM_FIXTURE_FILE: nonEmpty.default('src/simulator/fixture/seed.json'),
  ICONIK_SIM_STATE_FILE: nonEmpty.optional(),
  ICONIK_SIM_INDEX_LAG_MS: z.coerce.number().int().min(0).default(300),
  ICONIK_SIM_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(50),
  ICONIK_SIM_RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(50),
  ICONIK_SIM_B2_DIR: nonEmpty.optional(),
  ICONIK_SIM_ADMIN_SECRET: z.string().min(8, 'must be at least 8 characters').default('local-simulator-admin-secret'),

  // Unset, email goes to the local stack's Mailpit (smtp://127.0.0.1:STACK_SMTP_PORT).
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'expected an SMTP URL such as smtp://user:password@mail.example.com:587 or smtps://mail.example.com:465')
    .optional(),
  EMAIL_FROM: nonEmpty.default('iconik-delivery <deliveries@localhost>'),
  // Unset, no Slack message is sent.
  SLACK_BOT_TOKEN: nonEmpty.optional(),
  SLACK_API_URL: z.url().default('https://slack.com/api/'),

  SLACK_STANDIN_PORT: port.default(8720),
  SLACK_STANDIN_TOKEN: nonEmpty.default('xoxb-local-standin-token'),
  SLACK_STANDIN_CHANNELS: z.string().default('deliveries'),
  SLACK_STANDIN_CHANNELS_WITHOUT_APP: z.string().default('private-ops'),
});

export type Env = z.infer<typeof envSchema>;

function toKeyRing(text: string, ctx: z.core.$RefinementCtx<string>): EncryptionKey[] {
  try {
    return parseKeyRing(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
}

/** The admin API token that applies outside production when ADMIN_API_TOKEN is unset. */
export const developmentAdminToken = 'local-development-admin-token';

/** The webhook secret that applies outside production when WEBHOOK_SECRET is unset. */
export const developmentWebhookSecret = 'local-development-webhook-secret';

/** Variables that have a development default but must be set in production. */
const requiredInProduction = ['ADMIN_API_TOKEN', 'WEBHOOK_SECRET'] as const;

/** Names of every environment variable the configuration reads. */
export const configVariableNames = Object.keys(envSchema.shape);

export interface Config {
  logLevel: Env['LOG_LEVEL'];
  temporal: { address: string; namespace: string; taskQueue: string; transferTaskQueue: string; uiUrl: string };
  delivery: { pageSize: number; fileWindow: number; supportWindow: string; historyLimit: number };
  iconikSim: {
    port: number;
    fixtureFile: string;
    stateFile: string | undefined;
    indexLagMs: number;
    rateLimit: { perSecond: number; burst: number };
    adminSecret: string;
    /** Folder where the simulated B2 stores its buckets. */
    b2Dir: string;
  };
  nodeEnv: Env['NODE_ENV'];
  notifications: {
    /** SMTP server URL; it may carry a user and password, so log only its host. */
    smtpUrl: string;
    emailFrom: string;
    /** Slack is off when the bot token is unset. */
    slack: { botToken: string | undefined; apiUrl: string };
  };
  slackStandin: {
    port: number;
    /** The bot token the stand-in accepts. */
    token: string;
    /** Channel names the app is a member of. */
    channels: string[];
    /** Channel names that exist but that the app was never invited to. */
    channelsWithoutApp: string[];
  };
  api: { host: string; port: number; adminToken: string };
  /** Shared secret of the package webhooks (WEBHOOK_SECRET). */
  webhooks: { secret: string };
  iconik: { requestsPerSecond: number };
  /** Workflow runs the control worker keeps in memory; evicted runs are replayed from their history when they next have work. */
  worker: { maxCachedWorkflows: number };
  /** Where package files are read from: `file://` URLs only under `fileRoot`, `s3://` URLs from this store. */
  sources: { fileRoot: string; s3: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string } };
  /**
   * Part upload settings of the transfer activity. One transfer holds up to (partsInFlight + 1) x part
   * size, and all transfers of a worker together at most memoryBudgetBytes of part buffers.
   */
  transfer: { partsInFlight: number; minPartSizeBytes: number; memoryBudgetBytes: number };
  integrations: {
    database: { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };
    /** Newest first: the first key encrypts, and every key decrypts. */
    encryptionKeys: EncryptionKey[];
  };
  stack: {
    dir: string;
    cacheDir: string;
    temporalCliPath: string | undefined;
    ports: {
      temporal: number;
      temporalUi: number;
      minio: number;
      minioConsole: number;
      azuriteBlob: number;
      gcs: number;
      smtp: number;
      mailpitHttp: number;
      postgres: number;
    };
    minio: { rootUser: string; rootPassword: string };
    /** The stack's PostgreSQL superuser is `postgres`; the tests create their databases through `testDatabase`. */
    postgres: { password: string; testDatabase: string };
    azurite: { accountName: string; accountKey: string };
  };
}

/** Invalid or missing environment variables, each named with what it expects. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\nSee .env.example for every variable and its format.`);
    this.name = 'ConfigError';
  }
}

/** Parses the given environment into a typed configuration, reporting every invalid variable at once. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const value = env[name];
        const shown = value === undefined ? 'missing' : `got "${isSecretName(name) ? '<redacted>' : value}"`;
        return `${name}: ${issue.message} (${shown})`;
      }),
    );
  }
  const e = result.data;
  if (e.NODE_ENV === 'production') {
    const unset = requiredInProduction.filter((name) => e[name] === undefined);
    const problems = unset.map((name) => `${name}: must be set when NODE_ENV is production (missing)`);
    if (e.INTEGRATIONS_ENCRYPTION_KEYS === undefined) {
      problems.push(`INTEGRATIONS_ENCRYPTION_KEYS: must be set when NODE_ENV is production, as ${keyRingFormat} (missing)`);
    } else if (e.INTEGRATIONS_ENCRYPTION_KEYS.some((key) => developmentKeyRing().some((development) => development.equals(key)))) {
      problems.push('INTEGRATIONS_ENCRYPTION_KEYS: must not contain the public development key when NODE_ENV is production (got "<redacted>")');
    }
    if (problems.length > 0) throw new ConfigError(problems);
  }
  return {
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    temporal: {
      address: e.TEMPORAL_ADDRESS ?? `127.0.0.1:${e.STACK_TEMPORAL_PORT}`,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      transferTaskQueue: e.TEMPORAL_TRANSFER_TASK_QUEUE ?? `${e.TEMPORAL_TASK_QUEUE}-transfer`,
      uiUrl: e.TEMPORAL_UI_URL ?? `http://127.0.0.1:${e.STACK_TEMPORAL_UI_PORT}`,
    },
    iconikSim: {
      port: e.ICONIK_SIM_PORT,
      fixtureFile: resolve(e.ICONIK_SIM_FIXTURE_FILE),
      stateFile: e.ICONIK_SIM_STATE_FILE === undefined ? undefined : resolve(e.ICONIK_SIM_STATE_FILE),
      indexLagMs: e.ICONIK_SIM_INDEX_LAG_MS,
      rateLimit: { perSecond: e.ICONIK_SIM_RATE_LIMIT_PER_SECOND, burst: e.ICONIK_SIM_RATE_LIMIT_BURST },
      adminSecret: e.ICONIK_SIM_ADMIN_SECRET,
      b2Dir: resolve(e.ICONIK_SIM_B2_DIR ?? join(e.STACK_DIR, 'data', 'b2-simulator')),
    },
    notifications: {
      smtpUrl: e.SMTP_URL ?? `smtp://127.0.0.1:${e.STACK_SMTP_PORT}`,
      emailFrom: e.EMAIL_FROM,
      slack: { botToken: e.SLACK_BOT_TOKEN, apiUrl: e.SLACK_API_URL },
    },
    slackStandin: {
      port: e.SLACK_STANDIN_PORT,
      token: e.SLACK_STANDIN_TOKEN,
      channels: channelList(e.SLACK_STANDIN_CHANNELS),
      channelsWithoutApp: channelList(e.SLACK_STANDIN_CHANNELS_WITHOUT_APP),
    },
    delivery: { pageSize: e.DELIVERY_PAGE_SIZE, fileWindow: e.DELIVERY_FILE_WINDOW, supportWindow: e.DELIVERY_SUPPORT_WINDOW, historyLimit: e.DELIVERY_HISTORY_LIMIT },
    api: { host: e.API_HOST, port: e.API_PORT, adminToken: e.ADMIN_API_TOKEN ?? developmentAdminToken },
    webhooks: { secret: e.WEBHOOK_SECRET ?? developmentWebhookSecret },
    iconik: { requestsPerSecond: e.ICONIK_REQUESTS_PER_SECOND },
    worker: { maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS },
    sources: {
      fileRoot: resolve(e.SOURCE_FILE_ROOT),
      s3: {
        endpoint: e.SOURCE_S3_ENDPOINT ?? `http://127.0.0.1:${e.STACK_MINIO_PORT}`,
        region: e.SOURCE_S3_REGION,
        accessKeyId: e.SOURCE_S3_ACCESS_KEY_ID ?? e.MINIO_ROOT_USER,
        secretAccessKey: e.SOURCE_S3_SECRET_ACCESS_KEY ?? e.MINIO_ROOT_PASSWORD,
      },
    },
    transfer: {
      partsInFlight: e.TRANSFER_PARTS_IN_FLIGHT,
      minPartSizeBytes: e.TRANSFER_MIN_PART_SIZE_MIB * 1024 * 1024,
      memoryBudgetBytes: e.TRANSFER_MEMORY_BUDGET_MIB * 1024 * 1024,
    },
    integrations: {
      database:
        e.DATABASE_URL === undefined
          ? { engine: 'sqlite', file: resolve(e.DATABASE_FILE ?? join(e.STACK_DIR, 'data', 'iconik-delivery.sqlite')) }
          : { engine: 'postgres', url: e.DATABASE_URL },
      encryptionKeys: e.INTEGRATIONS_ENCRYPTION_KEYS ?? developmentKeyRing(),
    },
    stack: {
      dir: resolve(e.STACK_DIR),
      cacheDir: resolve(expandHome(e.ICONIK_DELIVERY_CACHE_DIR)),
      temporalCliPath: e.TEMPORAL_CLI_PATH,
      ports: {
        temporal: e.STACK_TEMPORAL_PORT,
        temporalUi: e.STACK_TEMPORAL_UI_PORT,
        minio: e.STACK_MINIO_PORT,
        minioConsole: e.STACK_MINIO_CONSOLE_PORT,
        azuriteBlob: e.STACK_AZURITE_BLOB_PORT,
        gcs: e.STACK_GCS_PORT,
        smtp: e.STACK_SMTP_PORT,
        mailpitHttp: e.STACK_MAILPIT_HTTP_PORT,
        postgres: e.STACK_POSTGRES_PORT,
      },
      minio: { rootUser: e.MINIO_ROOT_USER, rootPassword: e.MINIO_ROOT_PASSWORD },
      azurite: { accountName: e.AZURITE_ACCOUNT_NAME, accountKey: e.AZURITE_ACCOUNT_KEY },
      postgres: { password: e.STACK_POSTGRES_PASSWORD, testDatabase: 'iconik_delivery_test' },
    },
  };
}

// A leading ~ is expanded as a shell would, because .env files are not read by a shell.
function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

function isSecretName(name: string): boolean {
  // A database or SMTP URL may carry a password.
  return /PASSWORD|SECRET|TOKEN|KEY|DATABASE_URL|SMTP_URL/.test(name);
}

// Comma-separated channel names, with or without a leading #.
function channelList(text: string): string[] {
  return text
    .split(',')
    .map((name) => name.trim().replace(/^#/, ''))
    .filter((name) => name !== '');
}

let loaded: Config | undefined;

/**
 * Returns the process configuration, reading `.env` (when present) and the
 * environment on the first call only.
 */
export function loadConfig(): Config {
  if (loaded === undefined) {
    if (existsSync('.env')) process.loadEnvFile('.env');
    loaded = parseConfig(process.env);
  }
  return loaded;
}
