import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { buildApiServer, type ApiServer } from '../../../src/api/server';
import { signWebhookBody } from '../../../src/api/webhook-auth';
import { deliveryWorkflowId, type DeliveryRef, type DeliveryStarter } from '../../../src/domain/delivery';
import { createIconikClientFactory } from '../../../src/iconik/factory';
import { developmentKeyRing } from '../../../src/integrations/crypto/key-ring';
import { openSqliteDatabase } from '../../../src/integrations/database/sqlite';
import type { SqlDatabase } from '../../../src/integrations/database/types';
import { openIntegrationStore, type IntegrationStore } from '../../../src/integrations/store';
import type { Integration, NewIntegration } from '../../../src/integrations/types';
import { openPackageStore, type PackageStore } from '../../../src/packages/store';

export const adminToken = 'test-admin-token-0123456789';
export const webhookSecret = 'test-webhook-secret-0123456789';

/**
 * Test double of the Temporal delivery starter: it records every call and,
 * like the real one, returns the same delivery for a repeated integration and
 * package. Integrations in `failFor` reject, as an unreachable Temporal would.
 */
export class RecordingDeliveryStarter implements DeliveryStarter {
  readonly calls: DeliveryRef[] = [];
  readonly runs = new Map<string, string>();
  readonly failFor = new Set<string>();

  start(ref: DeliveryRef): Promise<{ deliveryId: string; runId: string }> {
    this.calls.push(ref);
    if (this.failFor.has(ref.integrationId)) return Promise.reject(new Error('Temporal frontend 127.0.0.1:7233 unavailable'));
    const deliveryId = deliveryWorkflowId(ref);
    const runId = this.runs.get(deliveryId) ?? `run-${this.runs.size + 1}`;
    this.runs.set(deliveryId, runId);
    return Promise.resolve({ deliveryId, runId });
  }
}

export interface ApiHarness {
  url: string;
  api: ApiServer;
  integrations: IntegrationStore;
  packages: PackageStore;
  starter: RecordingDeliveryStarter;
  /** Log lines the API wrote, as parsed JSON objects. */
  logs: Record<string, unknown>[];
  /** A second connection for counting rows outside the store. */
  raw: SqlDatabase;
  /** Current time of the signature check, in milliseconds; tests move it. */
  clock: { nowMs: number };
  close(): Promise<void>;
}

/** Starts the API on 127.0.0.1 over a new SQLite file, with the recording starter. */
export async function startApi(): Promise<ApiHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'webhook-test-'));
  const file = join(dir, 'store.sqlite');
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  const integrations = await openIntegrationStore({ database: { engine: 'sqlite', file }, encryptionKeys: developmentKeyRing() }, { logger });
  const packages = await openPackageStore({ engine: 'sqlite', file }, { logger });
  const raw = openSqliteDatabase(file);
  const starter = new RecordingDeliveryStarter();
  const clock = { nowMs: Date.now() };

  const api = await buildApiServer({
    logger,
    adminToken,
    integrations: integrations.repository,
    createIconikClient: createIconikClientFactory({ logger, requestsPerSecond: 10 }),
    packageIntake: { packages: packages.repository, deliveries: starter, webhookSecret, now: () => clock.nowMs },
  });
  const url = await api.listen({ host: '127.0.0.1', port: 0 });

  return {
    url,
    api,
    integrations,
    packages,
    starter,
    logs,
    raw,
    clock,
    async close() {
      await api.close();
      await Promise.all([integrations.close(), packages.close(), raw.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type WebhookAuth =
  | { kind: 'signature'; secret?: string; timestampSeconds?: number }
  | { kind: 'secret'; secret?: string }
  | { kind: 'header'; name: string; value: string }
  | { kind: 'none' };

/** Posts a webhook body as exact bytes, signed or with the secret header as `auth` selects. */
export async function postWebhook(
  harness: ApiHarness,
  body: unknown,
  auth: WebhookAuth = { kind: 'signature' },
): Promise<{ status: number; body: Record<string, any> }> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth.kind === 'signature') {
    const timestamp = auth.timestampSeconds ?? Math.floor(harness.clock.nowMs / 1000);
    headers['x-signature'] = signWebhookBody(raw, auth.secret ?? webhookSecret, timestamp);
  } else if (auth.kind === 'secret') {
    headers['x-webhook-secret'] = auth.secret ?? webhookSecret;
  } else if (auth.kind === 'header') {
    headers[auth.name] = auth.value;
  }
  return send(harness, 'POST', '/webhooks/packages', raw, headers);
}

/** Calls an admin route with the admin token, or without when `token` is null. */
export async function callAdmin(harness: ApiHarness, method: 'GET' | 'POST', path: string, body?: unknown, token: string | null = adminToken) {
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return send(harness, method, path, body === undefined ? undefined : JSON.stringify(body), headers);
}

async function send(harness: ApiHarness, method: string, path: string, body: string | undefined, headers: Record<string, string>) {
  const response = await fetch(`${harness.url}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as Record<string, any> };
}

/** Creates an integration directly in the store; the HTTP route would verify the token against Iconik first. */
export async function createIntegration(harness: ApiHarness, overrides: Partial<NewIntegration> = {}): Promise<Integration> {
  return harness.integrations.repository.create({
    name: 'Acme post-production',
    iconikBaseUrl: 'https://eu.iconik.io',
    appId: '6f1e3c2a-8b7d-4c6e-9a1b-2d3e4f5a6b7c',
    token: 'test-application-token',
    storageId: '0b9d8c7e-6f5a-4b3c-8d2e-1f0a9b8c7d6e',
    portalIds: ['portal-a'],
    ...overrides,
  });
}

/** Returns the number of rows in each package table. */
export async function packageRowCounts(harness: ApiHarness): Promise<{ packages: number; files: number; folders: number }> {
  const count = async (table: string) => Number((await harness.raw.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0]?.n);
  return { packages: await count('packages'), files: await count('package_files'), folders: await count('package_folders') };
}
