import { deliveryWorkflowId } from '../../src/domain/delivery';
import { callAdmin, createIntegration, startApi, type ApiHarness } from './support/api-harness';
import { newPackage } from './support/packages';

describe('package admin API', () => {
  let harness: ApiHarness;

  beforeAll(async () => {
    harness = await startApi();
  });

  afterAll(async () => {
    await harness?.close();
  });

  beforeEach(async () => {
    await harness.raw.execute('DELETE FROM packages');
    await harness.raw.execute('DELETE FROM integrations');
    harness.starter.calls.length = 0;
    harness.starter.runs.clear();
    harness.logs.length = 0;
  });

  describe('POST /packages/:id/send-to-cloud', () => {
    it('starts the delivery of a stored package', async () => {
      const integration = await createIntegration(harness, { portalIds: [], sendToCloud: true });
      await harness.packages.repository.save(newPackage({ portal: null }));

      const { status, body } = await callAdmin(harness, 'POST', '/packages/pkg-0001/send-to-cloud', { integrationId: integration.id });

      expect(status).toBe(202);
      expect(body).toEqual({
        packageId: 'pkg-0001',
        deliveries: [{ integrationId: integration.id, deliveryId: deliveryWorkflowId({ integrationId: integration.id, packageId: 'pkg-0001' }) }],
      });
      expect(harness.starter.calls).toEqual([{ integrationId: integration.id, packageId: 'pkg-0001' }]);
    });

    it('returns the same delivery when sent again', async () => {
      const integration = await createIntegration(harness, { sendToCloud: true });
      await harness.packages.repository.save(newPackage());

      const first = await callAdmin(harness, 'POST', '/packages/pkg-0001/send-to-cloud', { integrationId: integration.id });
      const second = await callAdmin(harness, 'POST', '/packages/pkg-0001/send-to-cloud', { integrationId: integration.id });

      expect(second).toEqual(first);
      expect(harness.starter.runs.size).toBe(1);
    });

    it('returns 404 for an unknown package', async () => {
      const integration = await createIntegration(harness, { sendToCloud: true });

      const { status, body } = await callAdmin(harness, 'POST', '/packages/no-such-package/send-to-cloud', { integrationId: integration.id });

      expect(status).toBe(404);
      expect(body).toEqual({
        error: 'not_found',
        message: 'Package no-such-package not found: a package is stored when its webhook arrives, so check the id the transfer service sent.',
      });
      expect(harness.starter.calls).toEqual([]);
    });

    it('returns 409 for an integration without Send to cloud', async () => {
      const integration = await createIntegration(harness, { name: 'Portal only', sendToCloud: false });
      await harness.packages.repository.save(newPackage());

      const { status, body } = await callAdmin(harness, 'POST', '/packages/pkg-0001/send-to-cloud', { integrationId: integration.id });

      expect(status).toBe(409);
      expect(body.error).toBe('not_send_to_cloud');
      expect(body.message).toBe(
        `Integration ${integration.id} (Portal only) does not serve Send to cloud: set "sendToCloud": true with PATCH /integrations/${integration.id}, or pick an integration that has it.`,
      );
      expect(harness.starter.calls).toEqual([]);
    });

    it('returns 404 for an unknown integration', async () => {
      await harness.packages.repository.save(newPackage());
      const unknownId = '3f1c2a9e-8b7d-4c6e-9a1b-2d3e4f5a6b7c';

      const { status, body } = await callAdmin(harness, 'POST', '/packages/pkg-0001/send-to-cloud', { integrationId: unknownId });

      expect(status).toBe(404);
      expect(body.message).toBe(`Integration ${unknownId} not found: list the integrations to find its current id.`);
      expect(harness.starter.calls).toEqual([]);
    });

    it('rejects a malformed integration id', async () => {
      const { status, body } = await callAdmin(harness, 'POST', '/packages/pkg-0001/send-to-cloud', { integrationId: 'first' });

      expect(status).toBe(400);
      expect(body.issues.map((issue: { field: string }) => issue.field)).toEqual(['body.integrationId']);
    });

    it('rejects a malformed package id', async () => {
      const integration = await createIntegration(harness, { sendToCloud: true });

      const { status, body } = await callAdmin(harness, 'POST', `/packages/${encodeURIComponent('bad id')}/send-to-cloud`, { integrationId: integration.id });

      expect(status).toBe(400);
      expect(body.issues).toEqual([{ field: 'params.id', message: expect.stringContaining('must be 1 to 200 letters') }]);
    });

    it('requires the admin token', async () => {
      const integration = await createIntegration(harness, { sendToCloud: true });
      await harness.packages.repository.save(newPackage());

      const { status } = await callAdmin(harness, 'POST', '/packages/pkg-0001/send-to-cloud', { integrationId: integration.id }, null);

      expect(status).toBe(401);
      expect(harness.starter.calls).toEqual([]);
    });
  });

  describe('GET /packages/:id', () => {
    it('returns the stored package', async () => {
      const saved = await harness.packages.repository.save(newPackage());

      const { status, body } = await callAdmin(harness, 'GET', '/packages/pkg-0001');

      expect(status).toBe(200);
      expect(body).toEqual(saved.package);
    });

    it('returns 404 for an unknown package', async () => {
      expect((await callAdmin(harness, 'GET', '/packages/missing')).status).toBe(404);
    });
  });

  describe('OpenAPI document', () => {
    it('lists the package routes with their schemas', async () => {
      const response = await fetch(`${harness.url}/docs/json`);
      const document = (await response.json()) as {
        paths: Record<string, Record<string, { security?: unknown; requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>>;
        components: { securitySchemes: Record<string, unknown> };
      };

      expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/webhooks/packages', '/packages/{id}', '/packages/{id}/send-to-cloud']));
      const webhook = document.paths['/webhooks/packages']?.post;
      expect(webhook?.security).toEqual([{ webhookSignature: [] }, { webhookSecret: [] }]);
      const bodySchema = webhook?.requestBody?.content['application/json']?.schema;
      expect((bodySchema?.anyOf as { title?: string }[]).map((shape) => shape.title)).toEqual(['Service package', 'MASV transfer manifest']);
      expect(document.paths['/packages/{id}/send-to-cloud']?.post?.requestBody?.content['application/json']?.schema).toMatchObject({
        required: ['integrationId'],
      });
      expect(document.components.securitySchemes).toMatchObject({
        webhookSignature: { type: 'apiKey', in: 'header', name: 'X-Signature' },
        webhookSecret: { type: 'apiKey', in: 'header', name: 'X-Webhook-Secret' },
      });
    });
  });
});
