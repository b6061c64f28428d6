import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkMetadataSettings } from '../../src/api/routes/metadata-settings';
import { buildApiServer, type ApiServer } from '../../src/api/server';
import type { MetadataMapping } from '../../src/metadata';
import { IconikClient } from '../../src/iconik/client';
import { Throttle } from '../../src/iconik/throttle';
import { developmentKeyRing } from '../../src/integrations/crypto/key-ring';
import { openIntegrationStore, type IntegrationStore } from '../../src/integrations/store';
import { createLogger } from '../../src/logging/logger';
import { fixtureStorages, fixtureTokens, fixtureViews } from '../simulator/support/fixture-users';
import { startSimulator, type SimulatorHarness } from '../simulator/support/harness';

const adminToken = 'test-admin-token-0123456789';

const soundMapping = {
  viewId: fixtureViews.packageForm,
  fields: [
    { source: { formField: 'Client', type: 'short_text' }, iconikField: 'client_name' },
    { source: { formField: 'Files', type: 'number' }, iconikField: 'file_count' },
    { source: { formField: 'Shoot date', type: 'date' }, iconikField: 'delivery_date' },
    { source: { formField: 'Category', type: 'dropdown' }, iconikField: 'category' },
    { source: { formField: 'Deliverables', type: 'checkbox', multiple: true }, iconikField: 'deliverables' },
    { source: { builtin: 'package_name' }, iconikField: 'package_name' },
  ],
  unmapped: { catchAllField: 'notes' },
};

describe('integration metadata API', () => {
  let simulator: SimulatorHarness;
  let store: IntegrationStore;
  let api: ApiServer;
  let dir: string;
  let apiUrl: string;

  beforeAll(async () => {
    simulator = await startSimulator();
    dir = mkdtempSync(join(tmpdir(), 'metadata-api-test-'));
    const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent', name: 'metadata-api-test' });
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

  async function call(method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) {
    const headers: Record<string, string> = { authorization: `Bearer ${adminToken}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${apiUrl}${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as Record<string, any>) };
  }

  const newIntegration = (overrides: Record<string, unknown> = {}) => ({
    name: 'Post house',
    iconikBaseUrl: simulator.url,
    appId: fixtureTokens.power.appId,
    token: fixtureTokens.power.token,
    storageId: fixtureStorages.s3,
    descriptionField: 'description',
    syncMetadata: true,
    metadataMapping: soundMapping,
    ...overrides,
  });

  it('saves and returns a sound mapping', async () => {
    const created = await call('POST', '/integrations', newIntegration());
    expect(created.status).toBe(201);
    expect(created.body?.metadataMapping).toEqual(soundMapping);
    expect((await call('GET', `/integrations/${String(created.body?.id)}`)).body?.metadataMapping).toEqual(soundMapping);
  });

  it('rejects a mapping naming every problem', async () => {
    const mapping = {
      viewId: fixtureViews.packageForm,
      fields: [
        { source: { formField: 'Ghost', type: 'short_text' }, iconikField: 'no_such_field' },
        { source: { formField: 'Files', type: 'number' }, iconikField: 'approved' },
        { source: { formField: 'Deliverables', type: 'checkbox', multiple: true }, iconikField: 'category' },
        { source: { formField: 'Ref', type: 'short_text' }, iconikField: 'asset_ref' },
      ],
      unmapped: { catchAllField: 'keywords' },
    };
    const { status, body } = await call('POST', '/integrations', newIntegration({ metadataMapping: mapping }));

    expect(status).toBe(422);
    expect(body?.error).toBe('metadata_mapping_invalid');
    expect(body?.problems.map((problem: { formField: string | null; iconikField: string | null }) => [problem.formField, problem.iconikField])).toEqual([
      ['Ghost', 'no_such_field'],
      ['Files', 'approved'],
      ['Deliverables', 'category'],
      ['Ref', 'asset_ref'],
      [null, 'client_name'],
      [null, 'keywords'],
    ]);
    expect(body?.message).toBe(`The metadata mapping has 6 problems: ${body?.problems.map((problem: { message: string }) => problem.message).join(' ')}`);
    expect(body?.problems[4].message).toContain('The Iconik field "client_name" is required in the view "Package form" but no form field is mapped to it');
    expect((await call('GET', '/integrations')).body?.integrations.filter((integration: { metadataMapping: unknown }) => integration.metadataMapping !== null)).toHaveLength(1);
  });

  it('rejects an unknown view', async () => {
    const viewId = '00000000-0000-4000-8000-000000000499';
    const { status, body } = await call('POST', '/integrations', newIntegration({ metadataMapping: { ...soundMapping, viewId } }));
    expect(status).toBe(422);
    expect(body?.problems).toEqual([
      { formField: null, iconikField: null, message: `The Iconik metadata view ${viewId} does not exist: pick the id of an existing view in Admin > Metadata > Views, or create the view.` },
    ]);
  });

  it('rejects sync for a user who is not a Power user', async () => {
    const { status, body } = await call('POST', '/integrations', newIntegration({ appId: fixtureTokens.standard.appId, token: fixtureTokens.standard.token }));
    expect(status).toBe(422);
    expect(body).toEqual({
      error: 'power_user_required',
      message: "The Iconik user Sam Standard is of type STANDARD: syncing package metadata onto assets needs a Power user. Change the user's type in Admin > Users, or bind the token to a Power user.",
      problems: [],
    });
  });

  it('saves a non-Power user with sync off', async () => {
    const { status } = await call('POST', '/integrations', newIntegration({ appId: fixtureTokens.standard.appId, token: fixtureTokens.standard.token, syncMetadata: false, descriptionField: null }));
    expect(status).toBe(201);
  });

  it('rejects a description field without the metadata write role', async () => {
    const { status, body } = await call('POST', '/integrations', newIntegration({ appId: fixtureTokens.standard.appId, token: fixtureTokens.standard.token, syncMetadata: false }));
    expect(status).toBe(422);
    expect(body).toEqual({
      error: 'metadata_role_missing',
      message:
        'The Iconik user Sam Standard lacks the role Metadata values: Write (can_write_metadata_values), which writing the asset description into "description" needs: add it to one of the user\'s groups in Admin > Groups, or set descriptionField to null.',
      problems: [],
    });
  });

  it('rejects sync for a Power user without the metadata write role', async () => {
    const logger = createLogger({ level: 'silent', name: 'metadata-api-test' });
    const { appId, token } = fixtureTokens.limited;
    const client = new IconikClient({ baseUrl: simulator.url, appId, authToken: token, logger, throttle: new Throttle(1_000) });

    const rejection = await checkMetadataSettings(client, { name: 'Lee Limited', type: 'POWER', admin: false }, { syncMetadata: true, metadataMapping: soundMapping as MetadataMapping, descriptionField: null });

    expect(rejection).toEqual({
      error: 'metadata_role_missing',
      message:
        "The Iconik user Lee Limited lacks the role Metadata values: Write (can_write_metadata_values), which syncing package metadata needs: add it to one of the user's groups in Admin > Groups, or leave syncMetadata off.",
      problems: [],
    });
  });

  it('rejects sync without a mapping', async () => {
    const { status, body } = await call('POST', '/integrations', newIntegration({ metadataMapping: null }));
    expect(status).toBe(422);
    expect(body?.error).toBe('metadata_mapping_missing');
  });

  it('checks a mapping changed with PATCH', async () => {
    const created = await call('POST', '/integrations', newIntegration({ syncMetadata: false, metadataMapping: null }));
    const id = String(created.body?.id);
    const broken = { ...soundMapping, fields: soundMapping.fields.slice(1) };

    const rejected = await call('PATCH', `/integrations/${id}`, { syncMetadata: true, metadataMapping: broken });
    expect(rejected.status).toBe(422);
    expect(rejected.body?.problems.map((problem: { iconikField: string }) => problem.iconikField)).toEqual(['client_name']);
    expect((await call('GET', `/integrations/${id}`)).body).toMatchObject({ syncMetadata: false, metadataMapping: null });

    const accepted = await call('PATCH', `/integrations/${id}`, { syncMetadata: true, metadataMapping: soundMapping });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ syncMetadata: true, metadataMapping: soundMapping });
  });

  describe('POST /integrations/:id/metadata/dry-run', () => {
    it('returns the exact bodies and writes nothing', async () => {
      const created = await call('POST', '/integrations', newIntegration());
      const { status, body } = await call('POST', `/integrations/${String(created.body?.id)}/metadata/dry-run`, {
        name: 'Spring rushes',
        description: 'Day one',
        senderEmail: 'ana@example.com',
        portal: { id: 'portal-1', name: 'Acme Portal' },
        metadata: { Client: 'Acme', Files: '12', 'Shoot date': '2024-03-31', Category: 'Rough cut', Deliverables: ['Master', 'Stills'], Budget: '1200' },
      });

      expect(status).toBe(200);
      const metadataValues = {
        client_name: { field_values: [{ value: 'Acme' }] },
        file_count: { field_values: [{ value: 12 }] },
        delivery_date: { field_values: [{ value: '2024-03-31' }] },
        deliverables: { field_values: [{ value: 'master' }, { value: 'stills' }] },
        package_name: { field_values: [{ value: 'Spring rushes' }] },
        description: { field_values: [{ value: 'Package: Spring rushes\nUploaded by: ana@example.com\nPortal: Acme Portal' }] },
        notes: { field_values: [{ value: 'Budget: 1200' }] },
      };
      expect(body).toEqual({
        integrationId: created.body?.id,
        syncMetadata: true,
        powerUser: { ok: true, type: 'POWER' },
        viewId: fixtureViews.packageForm,
        viewName: 'Package form',
        assetBody: { metadata_values: metadataValues },
        collectionBody: { metadata_values: metadataValues },
        descriptionIncluded: true,
        fields: [
          { source: 'Client', iconikField: 'client_name', input: 'Acme', values: ['Acme'] },
          { source: 'Files', iconikField: 'file_count', input: '12', values: [12] },
          { source: 'Shoot date', iconikField: 'delivery_date', input: '2024-03-31', values: ['2024-03-31'] },
          { source: 'Category', iconikField: 'category', input: 'Rough cut', values: [] },
          { source: 'Deliverables', iconikField: 'deliverables', input: ['Master', 'Stills'], values: ['master', 'stills'] },
          { source: 'package_name', iconikField: 'package_name', input: 'Spring rushes', values: ['Spring rushes'] },
        ],
        unmapped: { lines: ['Budget: 1200'], destination: { catchAllField: 'notes' } },
        problems: [
          {
            formField: 'Category',
            iconikField: 'category',
            message:
              'The value "Rough cut" of form field "Category" is not an option of Iconik field category (options: raw, edit, final), so it is not written to the Iconik field "category" (drop_down): correct the value on the portal form, or map the form field to a text field.',
          },
        ],
      });
      expect(simulator.server.store.state.metadataValues).toEqual({});
      expect(Object.keys(simulator.server.store.state.requestCounts).filter((route) => route.includes('PUT'))).toEqual([]);
    });
  });
});
