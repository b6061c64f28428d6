import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApiServer, type ApiServer } from '../../src/api/server';
import { developmentKeyRing } from '../../src/integrations/crypto/key-ring';
import { openIntegrationStore, type IntegrationStore } from '../../src/integrations/store';
import { IconikClient } from '../../src/iconik/client';
import { Throttle } from '../../src/iconik/throttle';
import { createLogger } from '../../src/logging/logger';
import { fixtureStorages, fixtureTokens } from '../simulator/support/fixture-users';
import { startSimulator, type SimulatorHarness } from '../simulator/support/harness';

const adminToken = 'test-admin-token-0123456789';

describe('integrations HTTP API', () => {
  let simulator: SimulatorHarness;
  let store: IntegrationStore;
  let api: ApiServer;
  let dir: string;
  let iconikBaseUrl: string;
  let apiUrl: string;

  beforeAll(async () => {
    simulator = await startSimulator();
    iconikBaseUrl = simulator.url;
    dir = mkdtempSync(join(tmpdir(), 'api-test-'));
    const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent', name: 'api-test' });
    store = await openIntegrationStore({ database: { engine: 'sqlite', file: join(dir, 'store.sqlite') }, encryptionKeys: developmentKeyRing() }, { logger });
    api = await buildApiServer({
      logger,
      adminToken,
      integrations: store.repository,
      createIconikClient: ({ baseUrl, appId, token }) =>
        new IconikClient({ baseUrl, appId, authToken: token, logger, throttle: new Throttle(1_000), retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5 } }),
    });
    apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await api.close();
    await store.close();
    await simulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, token: string | null = adminToken) {
    const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${apiUrl}${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as Record<string, any>) };
  }

  const newIntegration = (overrides: Record<string, unknown> = {}) => ({
    name: 'Post house',
    iconikBaseUrl,
    appId: fixtureTokens.power.appId,
    token: fixtureTokens.power.token,
    storageId: fixtureStorages.s3,
    targetDirectory: 'incoming',
    portalIds: ['portal-1'],
    notifications: { slackChannel: '#deliveries', emails: ['ops@example.com'] },
    ...overrides,
  });

  describe('admin token', () => {
    it('rejects a missing bearer token', async () => {
      const { status, body } = await call('GET', '/integrations', undefined, null);
      expect(status).toBe(401);
      expect(body?.message).toContain('Authorization: Bearer');
    });

    it('rejects a wrong bearer token', async () => {
      expect((await call('GET', '/integrations', undefined, 'not-the-admin-token')).status).toBe(401);
      expect((await call('GET', '/integrations', undefined, `${adminToken}x`)).status).toBe(401);
    });

    it('serves the OpenAPI document without a token', async () => {
      const response = await fetch(`${apiUrl}/docs`);
      expect(response.status).toBe(200);
      const document = (await response.json()) as { paths: Record<string, Record<string, unknown>> };
      expect(Object.keys(document.paths).sort()).toEqual(
        ['/integrations', '/integrations/verify', '/integrations/{id}', '/integrations/{id}/diagnose', '/integrations/{id}/metadata/dry-run'].sort(),
      );
      expect(Object.keys(document.paths['/integrations/{id}'] ?? {}).sort()).toEqual(['delete', 'get', 'patch']);
      for (const operation of [document.paths['/integrations']?.post, document.paths['/integrations/{id}']?.patch, document.paths['/integrations/{id}']?.get]) {
        expect(JSON.stringify(operation)).toContain('"metadataMapping"');
        expect(JSON.stringify(operation)).toContain('"catchAllField"');
      }
    });
  });

  describe('POST /integrations/verify', () => {
    it('returns the report for good credentials', async () => {
      const { status, body } = await call('POST', '/integrations/verify', { iconikBaseUrl, appId: fixtureTokens.power.appId, token: fixtureTokens.power.token });
      expect(status).toBe(200);
      expect(body?.ok).toBe(true);
      expect(body?.storages.eligible).toHaveLength(5);
      expect(JSON.stringify(body)).not.toContain(fixtureTokens.power.token);
    });

    it('names the field and the rule of an invalid body', async () => {
      const { status, body } = await call('POST', '/integrations/verify', { iconikBaseUrl: 'not a url', appId: '', token: 'x', extra: 1 });
      expect(status).toBe(400);
      expect(body?.error).toBe('invalid_request');
      const fields = (body?.issues as { field: string }[]).map((issue) => issue.field).sort();
      expect(fields).toEqual(['body', 'body.appId', 'body.iconikBaseUrl'].sort());
    });

    it('answers 502 naming the host when Iconik is unreachable', async () => {
      const { status, body } = await call('POST', '/integrations/verify', {
        iconikBaseUrl: 'http://127.0.0.1:9',
        appId: fixtureTokens.power.appId,
        token: fixtureTokens.power.token,
      });
      expect(status).toBe(502);
      expect(body?.error).toBe('iconik_unreachable');
      expect(body?.message).toContain('Iconik at 127.0.0.1:9 could not be reached');
      expect(body?.message).toContain('ECONNREFUSED');
    });
  });

  describe('CRUD', () => {
    it('creates, reads, lists, updates and deletes', async () => {
      const created = await call('POST', '/integrations', newIntegration());
      expect(created.status).toBe(201);
      const id = created.body?.id as string;
      expect(created.body).toMatchObject({
        name: 'Post house',
        appId: fixtureTokens.power.appId,
        storageId: fixtureStorages.s3,
        targetDirectory: 'incoming',
        portalIds: ['portal-1'],
        sendToCloud: false,
        syncMetadata: false,
        notifications: { slackChannel: '#deliveries', emails: ['ops@example.com'] },
        status: { kind: 'ok' },
      });
      expect(JSON.stringify(created.body)).not.toContain(fixtureTokens.power.token);

      expect((await call('GET', `/integrations/${id}`)).body).toEqual(created.body);
      const listed = await call('GET', '/integrations?status=ok');
      expect((listed.body?.integrations as { id: string }[]).map((integration) => integration.id)).toContain(id);

      const updated = await call('PATCH', `/integrations/${id}`, { name: 'Renamed', sendToCloud: true, token: fixtureTokens.power.token });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ id, name: 'Renamed', sendToCloud: true, portalIds: ['portal-1'] });

      expect((await call('DELETE', `/integrations/${id}`)).status).toBe(204);
      expect((await call('GET', `/integrations/${id}`)).status).toBe(404);
      expect((await call('DELETE', `/integrations/${id}`)).status).toBe(404);
    });

    it('saves nothing when the storage does not qualify', async () => {
      const before = (await call('GET', '/integrations')).body?.integrations as unknown[];
      const { status, body } = await call('POST', '/integrations', newIntegration({ storageId: fixtureStorages.azureNoDelete }));
      expect(status).toBe(422);
      expect(body?.message).toBe(`The storage "Azure without delete" (${fixtureStorages.azureNoDelete}) cannot receive deliveries: delete is disabled. Choose one of the eligible storages.`);
      expect((await call('GET', '/integrations')).body?.integrations).toEqual(before);
    });

    it('saves nothing when the credentials are wrong', async () => {
      const before = (await call('GET', '/integrations')).body?.integrations as unknown[];
      const { status, body } = await call('POST', '/integrations', newIntegration({ token: 'wrong' }));
      expect(status).toBe(422);
      expect(body?.error).toBe('verification_failed');
      expect((await call('GET', '/integrations')).body?.integrations).toEqual(before);
    });

    it('saves nothing when a role is missing', async () => {
      const { status, body } = await call('POST', '/integrations', newIntegration({ appId: fixtureTokens.limited.appId, token: fixtureTokens.limited.token }));
      expect(status).toBe(422);
      expect(body?.message).toContain('can_delete_assets');
    });

    it('names the field the store rejects', async () => {
      const { status, body } = await call('POST', '/integrations', newIntegration({ notifications: { emails: ['not-an-email'] } }));
      expect(status).toBe(400);
      expect(body?.issues).toEqual([{ field: 'body.notifications.emails.0', message: expect.stringContaining('email') }]);
    });

    it('rejects a change of storage with the fix', async () => {
      const created = await call('POST', '/integrations', newIntegration());
      const { status, body } = await call('PATCH', `/integrations/${created.body?.id as string}`, { storageId: fixtureStorages.gcs });
      expect(status).toBe(400);
      expect(body?.issues).toEqual([
        { field: 'body.storageId', message: 'cannot change: it identifies the Iconik account or storage, so delete the integration and connect again' },
      ]);
      expect((await call('GET', `/integrations/${created.body?.id as string}`)).body?.storageId).toBe(fixtureStorages.s3);
    });

    it('keeps the old token when the new one fails verification', async () => {
      const created = await call('POST', '/integrations', newIntegration());
      const id = created.body?.id as string;
      const { status } = await call('PATCH', `/integrations/${id}`, { token: 'wrong-token' });
      expect(status).toBe(422);
      expect((await store.repository.getCredentials(id)).token).toBe(fixtureTokens.power.token);
    });
  });

  describe('POST /integrations/:id/diagnose', () => {
    it('passes and records status OK', async () => {
      const created = await call('POST', '/integrations', newIntegration({ storageId: fixtureStorages.gcs }));
      const { status, body } = await call('POST', `/integrations/${created.body?.id as string}/diagnose`);
      expect(status).toBe(200);
      expect((body?.checks as { name: string; status: string }[]).map((check) => `${check.name}:${check.status}`)).toEqual([
        'token:pass',
        'roles:pass',
        'storage:pass',
        'test_upload:pass',
      ]);
      expect((await call('GET', `/integrations/${created.body?.id as string}`)).body?.status.kind).toBe('ok');
    });

    it('records the failure on the integration', async () => {
      const created = await call('POST', '/integrations', newIntegration());
      const id = created.body?.id as string;
      simulator.server.store.state.storages[fixtureStorages.s3]!.status = 'INACTIVE';
      try {
        const { body } = await call('POST', `/integrations/${id}/diagnose`);
        expect(body?.ok).toBe(false);
        const integration = (await call('GET', `/integrations/${id}`)).body;
        expect(integration?.status).toMatchObject({ kind: 'error', message: expect.stringContaining('storage: storage MinIO S3 no longer qualifies: status is INACTIVE') });
        const errored = (await call('GET', '/integrations?status=error')).body?.integrations as { id: string }[];
        expect(errored.map((entry) => entry.id)).toContain(id);
      } finally {
        simulator.server.store.state.storages[fixtureStorages.s3]!.status = 'ACTIVE';
      }
    });

    it('answers 404 for an unknown integration', async () => {
      expect((await call('POST', '/integrations/00000000-0000-4000-8000-000000000000/diagnose')).status).toBe(404);
    });
  });

  it('keeps the token unreadable in the database file', () => {
    const raw = readFileSync(join(dir, 'store.sqlite'));
    expect(raw.includes(Buffer.from(fixtureTokens.power.token))).toBe(false);
  });
});
