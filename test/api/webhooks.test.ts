import { deliveryWorkflowId } from '../../src/domain/delivery';
import { createIntegration, packageRowCounts, postWebhook, startApi, type ApiHarness } from '../packages/support/api-harness';
import { newPackage } from '../packages/support/packages';

function byIntegration<T extends { integrationId: string }>(entries: T[]): T[] {
  return [...entries].sort((a, b) => (a.integrationId < b.integrationId ? -1 : 1));
}

describe('POST /webhooks/packages', () => {
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
    harness.starter.failFor.clear();
    harness.logs.length = 0;
    harness.clock.nowMs = Date.now();
  });

  const masvManifest = (overrides: Record<string, unknown> = {}) => ({
    id: 'masv-01HQ7',
    name: 'Trailer conform',
    portal_id: 'portal-a',
    portal_name: 'Acme portal',
    sender: 'uploader@example.com',
    recipients: ['editor@example.com'],
    metadata: { project: 'Northern Lights', reel: 3, approved: true },
    download_url: 'https://portal.example.com/download/masv-01HQ7',
    transfer_speed_mbps: 940,
    files: [
      { kind: 'directory', path: 'Audio' },
      { kind: 'directory', path: 'Empty reel' },
      { kind: 'file', path: 'Video/Reel 3/conform.mov', size: 734_003_200, url: 's3://incoming-media/masv-01HQ7/conform.mov' },
      { kind: 'file', path: 'Audio/mix #2 + stems.wav', size: 52_428_800, url: 'https://cdn.example.com/mix.wav?X-Amz-Signature=ab' },
      { kind: 'file', path: 'notes.txt', size: 0, url: 'file:///srv/uploads/masv-01HQ7/notes.txt' },
    ],
    ...overrides,
  });

  describe('service package shape', () => {
    it('stores the package and starts one delivery per integration', async () => {
      const first = await createIntegration(harness, { name: 'First' });
      const second = await createIntegration(harness, { name: 'Second', portalIds: ['portal-a', 'portal-z'] });
      const third = await createIntegration(harness, { name: 'Third' });
      await createIntegration(harness, { name: 'Other portal', portalIds: ['portal-b'] });

      const { status, body } = await postWebhook(harness, newPackage());

      // Integrations created in the same millisecond come back in id order, so the checks sort by id.
      expect(status).toBe(202);
      const ids = [first.id, second.id, third.id].sort();
      expect(body.packageId).toBe('pkg-0001');
      expect(body.created).toBe(true);
      expect(byIntegration(body.deliveries)).toEqual(
        ids.map((integrationId) => ({ integrationId, deliveryId: deliveryWorkflowId({ integrationId, packageId: 'pkg-0001' }) })),
      );
      expect(byIntegration(harness.starter.calls)).toEqual(ids.map((integrationId) => ({ integrationId, packageId: 'pkg-0001' })));
      expect(await packageRowCounts(harness)).toEqual({ packages: 1, files: 2, folders: 3 });
      expect(await harness.packages.repository.get('pkg-0001')).toMatchObject({ name: 'Day 1 rushes', fileCount: 2, totalBytes: 1_048_588 });
      expect(await harness.packages.repository.listFiles('pkg-0001', { limit: 10 })).toEqual(newPackage().files);
    });

    it('applies defaults for omitted optional fields', async () => {
      const { id, name, uploaderEmail, files } = newPackage();

      const { status } = await postWebhook(harness, { id, name, uploaderEmail, files });

      expect(status).toBe(202);
      expect(await harness.packages.repository.get(id)).toMatchObject({ portal: null, recipients: [], metadata: {}, downloadUrl: null });
      expect(await harness.packages.repository.listFolders(id, { limit: 10 })).toEqual(['Camera A']);
    });
  });

  describe('MASV manifest shape', () => {
    it('converts directories, files and metadata', async () => {
      const integration = await createIntegration(harness);

      const { status, body } = await postWebhook(harness, masvManifest());

      expect(status).toBe(202);
      expect(body.deliveries).toEqual([{ integrationId: integration.id, deliveryId: `delivery/${integration.id}/masv-01HQ7` }]);
      expect(await harness.packages.repository.get('masv-01HQ7')).toEqual({
        id: 'masv-01HQ7',
        name: 'Trailer conform',
        portal: { id: 'portal-a', name: 'Acme portal' },
        uploaderEmail: 'uploader@example.com',
        recipients: ['editor@example.com'],
        description: null,
        metadata: { project: 'Northern Lights', reel: '3', approved: 'true' },
        downloadUrl: 'https://portal.example.com/download/masv-01HQ7',
        fileCount: 3,
        totalBytes: 786_432_000,
        receivedAt: expect.any(String),
      });
      expect(await harness.packages.repository.listFiles('masv-01HQ7', { limit: 10 })).toEqual([
        { path: 'Audio/mix #2 + stems.wav', size: 52_428_800, source: 'https://cdn.example.com/mix.wav?X-Amz-Signature=ab' },
        { path: 'Video/Reel 3/conform.mov', size: 734_003_200, source: 's3://incoming-media/masv-01HQ7/conform.mov' },
        { path: 'notes.txt', size: 0, source: 'file:///srv/uploads/masv-01HQ7/notes.txt' },
      ]);
      expect(await harness.packages.repository.listFolders('masv-01HQ7', { limit: 10 })).toEqual(['Audio', 'Empty reel', 'Video', 'Video/Reel 3']);
    });

    it('stores a manifest without portal and starts nothing', async () => {
      await createIntegration(harness, { sendToCloud: true });

      const { status, body } = await postWebhook(harness, masvManifest({ portal_id: null, portal_name: null }));

      expect(status).toBe(202);
      expect(body.deliveries).toEqual([]);
      expect((await harness.packages.repository.get('masv-01HQ7'))?.portal).toBeNull();
      expect(harness.starter.calls).toEqual([]);
    });

    it('names manifest fields in errors', async () => {
      const files = masvManifest().files.map((file, index) => (index === 3 ? { ...file, url: 'ftp://host/mix.wav' } : file));
      files[1] = { kind: 'directory', path: '../outside' };

      const { status, body } = await postWebhook(harness, masvManifest({ sender: 'not-an-email', files }));

      expect(status).toBe(400);
      expect(body.issues.map((issue: { field: string }) => issue.field)).toEqual(['body.sender', 'body.files.3.url', 'body.files.1.path']);
      expect(await packageRowCounts(harness)).toEqual({ packages: 0, files: 0, folders: 0 });
    });

    it('requires both portal fields', async () => {
      const { status, body } = await postWebhook(harness, masvManifest({ portal_name: undefined }));

      expect(status).toBe(400);
      expect(body.issues).toEqual([{ field: 'body.portal_name', message: expect.stringContaining('send both portal_id and portal_name, or neither') }]);
    });

    it('rejects a file entry without url', async () => {
      const { status, body } = await postWebhook(harness, masvManifest({ files: [{ kind: 'file', path: 'a.mov', size: 1 }] }));

      expect(status).toBe(400);
      expect(body.issues.map((issue: { field: string }) => issue.field)).toEqual(['body.files.0.url']);
    });
  });

  it('accepts a 10000-file manifest over 1 MiB', async () => {
    await createIntegration(harness);
    const files = Array.from({ length: 10_000 }, (_, index) => ({
      kind: 'file',
      path: `Card ${String(Math.floor(index / 500)).padStart(2, '0')}/clip ${String(index).padStart(5, '0')}.mov`,
      size: 1_000_000 + index,
      url: `s3://incoming-media/masv-large/clip-${index}.mov`,
    }));
    const body = masvManifest({ id: 'masv-large', files });

    const started = performance.now();
    const { status } = await postWebhook(harness, body);
    const elapsedMs = performance.now() - started;

    expect(JSON.stringify(body).length).toBeGreaterThan(1024 * 1024);
    expect(status).toBe(202);
    expect(await harness.packages.repository.get('masv-large')).toMatchObject({ fileCount: 10_000, totalBytes: 10_000 * 1_000_000 + (10_000 * 9_999) / 2 });
    expect(await packageRowCounts(harness)).toEqual({ packages: 1, files: 10_000, folders: 20 });
    console.log(`webhook with 10000 files (${JSON.stringify(body).length} bytes): ${elapsedMs.toFixed(0)} ms`);
  });

  describe('repeated event', () => {
    it('returns the same deliveries and stores nothing new', async () => {
      const first = await createIntegration(harness, { name: 'First' });
      const second = await createIntegration(harness, { name: 'Second' });
      const initial = await postWebhook(harness, newPackage());

      const repeats = [];
      for (let attempt = 0; attempt < 5; attempt += 1) repeats.push(await postWebhook(harness, newPackage()));

      for (const repeat of repeats) {
        expect(repeat.status).toBe(202);
        expect(repeat.body).toEqual({ ...initial.body, created: false });
      }
      expect(await packageRowCounts(harness)).toEqual({ packages: 1, files: 2, folders: 3 });
      expect(harness.starter.calls).toHaveLength(12);
      expect([...harness.starter.runs.keys()].sort()).toEqual(
        [first.id, second.id].map((integrationId) => deliveryWorkflowId({ integrationId, packageId: 'pkg-0001' })).sort(),
      );
    });

    it('rejects a different body under the same id', async () => {
      await createIntegration(harness);
      await postWebhook(harness, newPackage());
      harness.starter.calls.length = 0;

      const { status, body } = await postWebhook(harness, newPackage({ name: 'Renamed' }));

      expect(status).toBe(409);
      expect(body.error).toBe('conflict');
      expect(body.message).toContain('Package pkg-0001 is already stored with different content (name differ)');
      expect(harness.starter.calls).toEqual([]);
      expect((await harness.packages.repository.get('pkg-0001'))?.name).toBe('Day 1 rushes');
    });
  });

  describe('integrations', () => {
    it('stores a package no integration serves and logs it', async () => {
      await createIntegration(harness, { portalIds: ['portal-b'] });

      const { status, body } = await postWebhook(harness, newPackage());

      expect(status).toBe(202);
      expect(body).toEqual({ packageId: 'pkg-0001', created: true, deliveries: [] });
      expect(harness.starter.calls).toEqual([]);
      expect(await packageRowCounts(harness)).toEqual({ packages: 1, files: 2, folders: 3 });
      expect(harness.logs).toContainEqual(
        expect.objectContaining({ packageId: 'pkg-0001', portalId: 'portal-a', msg: 'package stored; no integration serves its portal, so no delivery starts' }),
      );
    });

    it('returns 503 when a start fails and retries on the next event', async () => {
      const healthy = await createIntegration(harness, { name: 'Healthy' });
      const failing = await createIntegration(harness, { name: 'Failing' });
      harness.starter.failFor.add(failing.id);

      const failed = await postWebhook(harness, newPackage());

      expect(failed.status).toBe(503);
      expect(failed.body.error).toBe('delivery_start_failed');
      expect(failed.body.message).toContain(`failed for integration ${failing.id}: Temporal frontend 127.0.0.1:7233 unavailable`);
      expect(await packageRowCounts(harness)).toEqual({ packages: 1, files: 2, folders: 3 });
      expect(harness.logs).toContainEqual(expect.objectContaining({ packageId: 'pkg-0001', integrationId: failing.id, msg: 'starting a delivery failed' }));

      harness.starter.failFor.clear();
      const retried = await postWebhook(harness, newPackage());

      expect(retried.status).toBe(202);
      expect(byIntegration(retried.body.deliveries).map((delivery) => delivery.integrationId)).toEqual([healthy.id, failing.id].sort());
      expect(harness.starter.runs.size).toBe(2);
    });
  });

  describe('invalid body', () => {
    it('names the field and rule of the service shape', async () => {
      const files = [...newPackage().files, { path: 'Camera A/clip 001.mov', size: 1, source: 'file:///srv/dup' }];

      const { status, body } = await postWebhook(harness, newPackage({ files }));

      expect(status).toBe(400);
      expect(body.error).toBe('invalid_request');
      expect(body.issues).toEqual([{ field: 'body.files.2.path', message: 'repeats the path of files.0: "Camera A/clip 001.mov"' }]);
      expect(body.message).toBe('Invalid package: body.files.2.path repeats the path of files.0: "Camera A/clip 001.mov"');
      expect(harness.starter.calls).toEqual([]);
    });

    it('names type errors before the store', async () => {
      const { status, body } = await postWebhook(harness, { ...newPackage(), files: [{ path: 'a', size: 'big', source: 'file:///a' }] });

      expect(status).toBe(400);
      expect(body.issues.map((issue: { field: string }) => issue.field)).toEqual(['body.files.0.size']);
    });

    it('rejects a body of neither shape', async () => {
      const { status, body } = await postWebhook(harness, { id: 'x', name: 'y' });

      expect(status).toBe(400);
      expect(body.message).toContain('matches neither accepted shape');
    });

    it('rejects invalid JSON', async () => {
      const { status, body } = await postWebhook(harness, '{"id": ');

      expect(status).toBe(400);
      expect(body.error).toBe('invalid_json');
    });

    it('rejects a __proto__ key', async () => {
      const raw = JSON.stringify(newPackage()).replace('"metadata":{', '"metadata":{"__proto__":{"polluted":"yes"},');

      const { status, body } = await postWebhook(harness, raw);

      expect(status).toBe(400);
      expect(body.error).toBe('invalid_json');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(await packageRowCounts(harness)).toEqual({ packages: 0, files: 0, folders: 0 });
    });
  });
});
