import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config';
import { createDeliveryControl } from '../../src/deliveries/control';
import { finishUpdate } from '../../src/workflows/delivery/messages';
import type { MetadataMappingInput } from '../../src/integrations/types';
import { fixtureStorages, fixtureTokens, fixtureViews } from '../simulator/support/fixture-users';
import { startDeliveryHarness, type DeliveryHarness } from '../support/delivery-harness';
import { writePackage } from '../support/delivery-packages';
import { waitFor } from '../support/wait-for';

const mapping: MetadataMappingInput = {
  viewId: fixtureViews.packageForm,
  fields: [
    { source: { formField: 'Client', type: 'short_text' }, iconikField: 'client_name' },
    { source: { formField: 'Brief', type: 'long_text' }, iconikField: 'shoot_code' },
    { source: { formField: 'Files', type: 'number' }, iconikField: 'file_count' },
    { source: { formField: 'Length', type: 'number' }, iconikField: 'duration_seconds' },
    { source: { formField: 'Shoot date', type: 'date' }, iconikField: 'delivery_date' },
    { source: { formField: 'Received', type: 'date' }, iconikField: 'received_at' },
    { source: { formField: 'Category', type: 'dropdown' }, iconikField: 'category' },
    { source: { formField: 'Tag', type: 'radio' }, iconikField: 'keywords' },
    { source: { formField: 'Approved', type: 'checkbox' }, iconikField: 'approved' },
    { source: { formField: 'Deliverables', type: 'checkbox', multiple: true }, iconikField: 'deliverables' },
    { source: { formField: 'Contact', type: 'email' }, iconikField: 'uploader_email' },
    { source: { formField: 'Link', type: 'url' }, iconikField: 'portal_url' },
    { source: { builtin: 'package_name' }, iconikField: 'package_name' },
  ],
  unmapped: { catchAllField: 'notes' },
};

const form = {
  Client: 'Acme',
  Brief: 'SC-001',
  Files: '2',
  Length: '93.5',
  'Shoot date': '2024-03-31T09:00:00+02:00',
  Received: '2024-04-01T08:15:00Z',
  Category: 'Rough cut',
  Tag: 'night',
  Approved: 'Yes',
  Deliverables: ['Master', 'Proxy'],
  Contact: 'ana@example.com',
  Link: 'https://portal.example.com/p/1',
  Budget: '1200',
  Crew: ['Ana', 'Ben'],
};

describe('delivery with metadata sync', () => {
  let harness: DeliveryHarness;

  beforeAll(async () => {
    harness = await startDeliveryHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  async function deliver(integrationId: string, metadata: Record<string, string | string[]>, recipient: string) {
    const pkg = writePackage(harness.sourceRoot, {
      name: `Form ${randomUUID().slice(0, 8)}`,
      files: { 'a.bin': randomBytes(1000), 'Day 1/b.bin': randomBytes(2000) },
      recipients: [recipient],
      metadata,
    });
    await harness.packages.save(pkg);
    const { deliveryId } = await harness.starter.start({ integrationId, packageId: pkg.id });
    const summary = await harness.temporal.workflow.getHandle(deliveryId).result();
    return { pkg, summary };
  }

  async function statusEmailText(recipient: string): Promise<string> {
    const { ports } = loadConfig().stack;
    const base = `http://127.0.0.1:${ports.mailpitHttp}/api/v1`;
    const search = (await (await fetch(`${base}/search?query=${encodeURIComponent(`to:"${recipient}"`)}`)).json()) as { messages: { ID: string; Subject: string }[] };
    const status = search.messages.find((message) => message.Subject.startsWith('Delivery'));
    const message = (await (await fetch(`${base}/message/${status?.ID ?? 'none'}`)).json()) as { Text: string };
    // Email text has CRLF line ends.
    return message.Text.replace(/\r\n/g, '\n');
  }

  it('writes converted values on every asset and the package collection', async () => {
    const integration = await harness.integrations.create({
      name: 'Metadata sync',
      iconikBaseUrl: harness.simulator.url,
      appId: fixtureTokens.power.appId,
      token: fixtureTokens.power.token,
      storageId: fixtureStorages.s3,
      portalIds: ['portal-e2e'],
      descriptionField: 'description',
      syncMetadata: true,
      metadataMapping: mapping,
    });
    const recipient = `metadata-${randomUUID()}@example.com`;
    const { pkg, summary } = await deliver(integration.id, form, recipient);

    const problem =
      'The value "Rough cut" of form field "Category" is not an option of Iconik field category (options: raw, edit, final), so it is not written to the Iconik field "category" (drop_down): correct the value on the portal form, or map the form field to a text field.';
    expect(summary).toMatchObject({ outcome: 'completed', filesDelivered: 2, failedCount: 0 });
    expect(summary.metadata).toEqual({
      viewId: fixtureViews.packageForm,
      fieldsWritten: [
        'client_name',
        'shoot_code',
        'file_count',
        'duration_seconds',
        'delivery_date',
        'received_at',
        'keywords',
        'approved',
        'deliverables',
        'uploader_email',
        'portal_url',
        'package_name',
        'description',
        'notes',
      ],
      unmappedFields: [],
      problems: [problem],
    });

    const expectedValues = {
      client_name: { field_values: [{ value: 'Acme' }] },
      shoot_code: { field_values: [{ value: 'SC-001' }] },
      file_count: { field_values: [{ value: 2 }] },
      duration_seconds: { field_values: [{ value: 93.5 }] },
      delivery_date: { field_values: [{ value: '2024-03-31' }] },
      received_at: { field_values: [{ value: '2024-04-01T08:15:00.000Z' }] },
      keywords: { field_values: [{ value: 'night' }] },
      approved: { field_values: [{ value: true }] },
      deliverables: { field_values: [{ value: 'master' }, { value: 'proxy' }] },
      uploader_email: { field_values: [{ value: 'ana@example.com' }] },
      portal_url: { field_values: [{ value: 'https://portal.example.com/p/1' }] },
      package_name: { field_values: [{ value: pkg.name }] },
      description: { field_values: [{ value: `Package: ${pkg.name}\nUploaded by: sender@example.com\nPortal: Acme Portal` }] },
      notes: { field_values: [{ value: 'Budget: 1200\nCrew: Ana, Ben' }] },
    };
    const state = harness.simulator.server.store.state;
    const packageCollection = Object.values(state.collections).find((collection) => collection.title === pkg.name);
    const assets = Object.values(state.assets).filter((asset) => String(asset.external_id).includes(pkg.id));
    expect(assets).toHaveLength(2);
    const records = Object.values(state.metadataValues).filter((record) => [...assets.map((asset) => asset.id), packageCollection?.id].includes(record.object_id));
    expect(records.map((record) => [record.object_type, record.view_id]).sort()).toEqual([
      ['assets', fixtureViews.packageForm],
      ['assets', fixtureViews.packageForm],
      ['collections', fixtureViews.packageForm],
    ]);
    for (const record of records) expect({ object: record.object_id, values: record.metadata_values }).toEqual({ object: record.object_id, values: expectedValues });

    const putRoute = 'PUT /API/metadata/v1/:object_type/:object_id/views/:view_id/';
    expect(state.requestCounts[putRoute]).toBe(3);

    const text = await statusEmailText(recipient);
    expect(text).toContain(`Metadata problems:\n- ${problem}\n`);
  });

  it('lists unmapped fields and a missing required field in the status', async () => {
    const integration = await harness.integrations.create({
      name: 'Metadata to status',
      iconikBaseUrl: harness.simulator.url,
      appId: fixtureTokens.power.appId,
      token: fixtureTokens.power.token,
      storageId: fixtureStorages.s3,
      portalIds: ['portal-e2e'],
      descriptionField: 'description',
      syncMetadata: true,
      metadataMapping: { ...mapping, unmapped: { listInStatus: true } },
    });
    const recipient = `metadata-${randomUUID()}@example.com`;
    const { Client: _client, Category: _category, ...withoutClient } = form;
    const { pkg, summary } = await deliver(integration.id, withoutClient, recipient);

    const problem =
      'No metadata was written through the view "Package form": its required field "client_name" has no value for this package, and Iconik rejects a write without them. Map a form field the portal always fills in, or make the field optional in Admin > Metadata > Views.';
    expect(summary).toMatchObject({ outcome: 'completed', filesDelivered: 2 });
    expect(summary.metadata).toEqual({ viewId: null, fieldsWritten: [], unmappedFields: ['Budget: 1200', 'Crew: Ana, Ben'], problems: [problem] });

    // The description still reaches every asset, through the view that contains only it.
    const state = harness.simulator.server.store.state;
    const assets = Object.values(state.assets).filter((asset) => String(asset.external_id).includes(pkg.id));
    const records = Object.values(state.metadataValues).filter((record) => assets.some((asset) => asset.id === record.object_id));
    expect(records.map((record) => [record.view_id, Object.keys(record.metadata_values)])).toEqual([
      [fixtureViews.descriptionOnly, ['description']],
      [fixtureViews.descriptionOnly, ['description']],
    ]);

    const text = await statusEmailText(recipient);
    expect(text).toContain(`Metadata problems:\n- ${problem}\n`);
    expect(text).toContain('Form fields not mapped to Iconik:\n- Budget: 1200\n- Crew: Ana, Ben\n');
  });

  it('stops before it starts when the description cannot be written', async () => {
    const integration = await harness.integrations.create({
      name: 'Standard user with a description',
      iconikBaseUrl: harness.simulator.url,
      appId: fixtureTokens.standard.appId,
      token: fixtureTokens.standard.token,
      storageId: fixtureStorages.s3,
      portalIds: ['portal-e2e'],
      descriptionField: 'description',
    });
    const pkg = writePackage(harness.sourceRoot, { name: `No role ${randomUUID().slice(0, 8)}`, files: { 'a.bin': randomBytes(10) } });
    await harness.packages.save(pkg);
    const { deliveryId } = await harness.starter.start({ integrationId: integration.id, packageId: pkg.id });

    const failure = await harness.temporal.workflow.getHandle(deliveryId).result().then(
      () => undefined,
      (error: unknown) => error as Error & { cause?: Error },
    );

    const reason =
      "The Iconik user standard@sim.example lacks Metadata values: Write (can_write_metadata_values): add them to one of the user's groups in Admin > Groups, then retry the delivery.";
    expect(failure?.cause?.message).toBe(`The delivery stopped before it started: ${reason}`);
    expect(await harness.integrations.get(integration.id)).toMatchObject({ status: { kind: 'error', message: reason } });
    const state = harness.simulator.server.store.state;
    expect(Object.values(state.assets).filter((asset) => String(asset.external_id).includes(pkg.id))).toEqual([]);
  });

  it('skips metadata for a user who is not a Power user', async () => {
    const integration = await harness.integrations.create({
      name: 'Standard user',
      iconikBaseUrl: harness.simulator.url,
      appId: fixtureTokens.standard.appId,
      token: fixtureTokens.standard.token,
      storageId: fixtureStorages.s3,
      portalIds: ['portal-e2e'],
      syncMetadata: true,
      metadataMapping: mapping,
    });
    const recipient = `metadata-${randomUUID()}@example.com`;
    const { pkg, summary } = await deliver(integration.id, form, recipient);

    const problem =
      "The Iconik user standard@sim.example is of type STANDARD: syncing package metadata onto assets needs a Power user. Change the user's type in Admin > Users, or bind the token to a Power user. No package metadata was written; the files are still delivered.";
    expect(summary).toMatchObject({ outcome: 'completed', filesDelivered: 2, failedCount: 0 });
    expect(summary.metadata).toEqual({ viewId: null, fieldsWritten: [], unmappedFields: [], problems: [problem] });
    const state = harness.simulator.server.store.state;
    const assetIds = Object.values(state.assets).filter((asset) => String(asset.external_id).includes(pkg.id)).map((asset) => asset.id);
    expect(assetIds).toHaveLength(2);
    expect(Object.values(state.metadataValues).filter((record) => assetIds.includes(record.object_id))).toEqual([]);
    expect(await statusEmailText(recipient)).toContain(`Metadata problems:\n- ${problem}\n`);
  });

  it('shows the metadata outcome in the status of a running delivery', async () => {
    const integration = await harness.integrations.create({
      name: 'Metadata in status',
      iconikBaseUrl: harness.simulator.url,
      appId: fixtureTokens.power.appId,
      token: fixtureTokens.power.token,
      storageId: fixtureStorages.s3,
      portalIds: ['portal-e2e'],
      syncMetadata: true,
      metadataMapping: { ...mapping, unmapped: { listInStatus: true } },
    });
    const pkg = writePackage(harness.sourceRoot, {
      name: `Parked form ${randomUUID().slice(0, 8)}`,
      files: { 'good.bin': randomBytes(1000), 'bad.bin': randomBytes(2000) },
      metadata: form,
    });
    // The source is shorter than the package declares, so the file fails and the delivery waits for support.
    writeFileSync(fileURLToPath(pkg.files.find((file) => file.path === 'bad.bin')!.source), Buffer.from('short'));
    await harness.packages.save(pkg);
    const { deliveryId } = await harness.starter.start({ integrationId: integration.id, packageId: pkg.id });
    const control = createDeliveryControl(harness.temporal);
    await waitFor(async () => (await control.status(deliveryId)).progress?.stage === 'waiting_for_support');

    const { status, progress } = await control.status(deliveryId);
    expect(status).toBe('RUNNING');
    expect(progress).toMatchObject({ filesTotal: 2, filesDelivered: 1, filesFailed: 1 });
    expect(progress?.metadata).toEqual({
      viewId: fixtureViews.packageForm,
      fieldsWritten: [
        'client_name',
        'shoot_code',
        'file_count',
        'duration_seconds',
        'delivery_date',
        'received_at',
        'keywords',
        'approved',
        'deliverables',
        'uploader_email',
        'portal_url',
        'package_name',
      ],
      unmappedFields: ['Budget: 1200', 'Crew: Ana, Ben'],
      problems: [
        'The value "Rough cut" of form field "Category" is not an option of Iconik field category (options: raw, edit, final), so it is not written to the Iconik field "category" (drop_down): correct the value on the portal form, or map the form field to a text field.',
      ],
    });

    await harness.temporal.workflow.getHandle(deliveryId).executeUpdate(finishUpdate);
    const summary = await harness.temporal.workflow.getHandle(deliveryId).result();
    expect(summary).toMatchObject({ outcome: 'completed_with_failures', filesDelivered: 1, failedCount: 1 });
    expect(summary.metadata).toEqual(progress?.metadata);
  });
});
