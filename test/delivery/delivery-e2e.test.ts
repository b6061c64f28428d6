import { randomBytes, randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config';
import type { NewPackage } from '../../src/domain/package';
import { fixtureStorages, fixtureTokens } from '../simulator/support/fixture-users';
import { mailTo, md5, readAll } from '../support/delivery-checks';
import { startDeliveryHarness, type DeliveryHarness } from '../support/delivery-harness';
import { writePackage } from '../support/delivery-packages';

describe('delivery end to end on S3', () => {
  let harness: DeliveryHarness;
  let integrationId: string;

  beforeAll(async () => {
    harness = await startDeliveryHarness();
    const integration = await harness.integrations.create({
      name: 'E2E',
      iconikBaseUrl: harness.simulator.url,
      appId: fixtureTokens.power.appId,
      token: fixtureTokens.power.token,
      storageId: fixtureStorages.s3,
      portalIds: ['portal-e2e'],
      notifications: { slackChannel: 'deliveries' },
      descriptionField: 'description',
    });
    integrationId = integration.id;
  });

  afterAll(async () => {
    await harness.close();
  });

  function makePackage(name: string, files: Record<string, Buffer>, folders: string[], recipient: string): NewPackage {
    const pkg = writePackage(harness.sourceRoot, { name, files, folders, recipients: [recipient], metadata: { project: 'E2E' } });
    return { ...pkg, downloadUrl: `https://portal.example.com/download/${pkg.id}` };
  }

  it('delivers every file, collection and email', async () => {
    const files: Record<string, Buffer> = {
      'Day 1/Cam A/clip 001.mov': randomBytes(12 * 1024 * 1024 + 321),
      'Day 1/notes.txt': Buffer.from('scene notes\n'),
      'Día 2/résumé é.txt': Buffer.from('accents\n'),
      'empty.bin': Buffer.alloc(0),
      'top level.wav': randomBytes(70_000),
    };
    const recipient = `e2e-${randomUUID()}@example.com`;
    const pkg = makePackage('My Upload', files, ['Day 1', 'Day 1/Cam A', 'Día 2', 'Empty Folder'], recipient);
    await harness.packages.save(pkg);

    const { deliveryId } = await harness.starter.start({ integrationId, packageId: pkg.id });
    expect(deliveryId).toBe(`delivery/${integrationId}/${pkg.id}`);
    const summary = await harness.temporal.workflow.getHandle(deliveryId).result();

    expect(summary).toMatchObject({
      outcome: 'completed',
      deliveredName: 'My Upload',
      destinationPath: '/Portal Downloads/Acme Portal/My Upload',
      filesTotal: 5,
      filesDelivered: 5,
      failedCount: 0,
      bytesDelivered: Object.values(files).reduce((total, bytes) => total + bytes.length, 0),
    });

    const state = harness.simulator.server.store.state;
    const collections = Object.values(state.collections);
    const byTitle = (title: string, parentId: string | null) => collections.filter((collection) => collection.title === title && (collection.parent_id ?? null) === parentId);
    const [portalDownloads] = byTitle('Portal Downloads', null);
    const [portal] = byTitle('Acme Portal', String(portalDownloads?.id));
    const [packageCollection] = byTitle('My Upload', String(portal?.id));
    const [day1] = byTitle('Day 1', String(packageCollection?.id));
    const [camA] = byTitle('Cam A', String(day1?.id));
    const [day2] = byTitle('Día 2', String(packageCollection?.id));
    for (const collection of [portalDownloads, portal, packageCollection, day1, camA, day2]) expect(collection).toBeDefined();
    expect(byTitle('Empty Folder', String(packageCollection?.id))).toEqual([]);
    expect(collections).toHaveLength(6);

    const expectedAssets: Record<string, string | undefined> = {
      'clip 001.mov': String(camA?.id),
      'notes.txt': String(day1?.id),
      'résumé é.txt': String(day2?.id),
      'empty.bin': String(packageCollection?.id),
      'top level.wav': String(packageCollection?.id),
    };
    const assets = Object.values(state.assets);
    expect(assets.map((asset) => asset.title).sort()).toEqual(Object.keys(expectedAssets).sort());
    for (const asset of assets) {
      const containers = state.contents.filter((link) => link.object_id === asset.id).map((link) => link.collection_id);
      expect({ title: asset.title, containers }).toEqual({ title: asset.title, containers: [expectedAssets[String(asset.title)]] });
    }

    for (const asset of assets) {
      const values = Object.values(state.metadataValues).filter((record) => record.object_id === asset.id);
      expect({ title: asset.title, description: values.map((record) => record.metadata_values.description?.field_values.map((field) => field.value)) }).toEqual({
        title: asset.title,
        description: [['Package: My Upload\nUploaded by: sender@example.com\nPortal: Acme Portal']],
      });
    }

    const bucket = 'iconik-sim-s3';
    for (const [path, bytes] of Object.entries(files)) {
      const key = `Portal Downloads/Acme Portal/My Upload/${path}`;
      const stored = await readAll(await harness.simulator.storage.byMethod.S3.readObject({ method: 'S3', bucket, key }));
      expect({ key, md5: md5(stored) }).toEqual({ key, md5: md5(bytes) });
      const file = Object.values(state.files).find((candidate) => `${String(candidate.directory_path)}/${String(candidate.name)}` === key.slice(0));
      expect({ key, status: file?.status, size: file?.size, checksum: file?.checksum }).toEqual({ key, status: 'CLOSED', size: bytes.length, checksum: md5(bytes) });
    }

    const transferJobs = Object.values(state.jobs).filter((job) => job.type === 'TRANSFER');
    expect(transferJobs.map((job) => job.status)).toEqual(['FINISHED', 'FINISHED', 'FINISHED', 'FINISHED', 'FINISHED']);

    const mail = await mailTo(recipient);
    expect(mail.map((message) => message.Subject).sort()).toEqual(
      expect.arrayContaining([expect.stringContaining('My Upload'), expect.stringContaining('My Upload')]),
    );
    expect(mail).toHaveLength(2);

    const slack = (await (await fetch(`http://127.0.0.1:${loadConfig().slackStandin.port}/_standin/messages`)).json()) as { messages: { channelName: string; text: string }[] };
    // Other runs share the stand-in; this delivery's message links to its own workflow.
    const posted = slack.messages.filter((message) => JSON.stringify(message).includes(encodeURIComponent(deliveryId)));
    expect(posted).toHaveLength(1);
    expect(posted[0]?.channelName).toBe('deliveries');
    expect(posted[0]?.text).toBe('Delivery completed: My Upload. Destination in Iconik: /Portal Downloads/Acme Portal/My Upload. Files delivered: 5 of 5 (12.7 MB).');
  });

  it('completes through bursts of 429 and 503 from Iconik without duplicates', async () => {
    const faults = harness.simulator.server.faults;
    faults.add({ method: 'POST', path: '/API/assets/v1/assets/', mode: 'status', status: 429, retry_after: 1, count: 3 });
    faults.add({ method: 'GET', path: '/API/assets/v1/collections/*/contents/', mode: 'status', status: 503, count: 4 });
    faults.add({ method: 'POST', path: '/API/files/v1/assets/*/files/', mode: 'status', status: 503, count: 2 });
    faults.add({ method: 'PATCH', path: '/API/jobs/v1/jobs/*/', mode: 'status', status: 429, rate_limit_remaining: 0, count: 2 });
    const files = { 'burst/a.bin': randomBytes(1000), 'burst/b.bin': randomBytes(2000), 'c.bin': randomBytes(3000) };
    const pkg = makePackage('Bursty', files, ['burst'], `burst-${randomUUID()}@example.com`);
    await harness.packages.save(pkg);

    const { deliveryId } = await harness.starter.start({ integrationId, packageId: pkg.id });
    const summary = await harness.temporal.workflow.getHandle(deliveryId).result();
    expect(summary).toMatchObject({ outcome: 'completed', filesDelivered: 3, failedCount: 0, deliveredName: 'Bursty' });
    expect(faults.list()).toEqual([]);

    const state = harness.simulator.server.store.state;
    const titles = ['a.bin', 'b.bin', 'c.bin'];
    expect(Object.values(state.assets).filter((asset) => titles.includes(String(asset.title))).map((asset) => asset.title).sort()).toEqual(titles);
    expect(Object.values(state.files).filter((file) => titles.includes(String(file.original_name)))).toHaveLength(3);
    expect(Object.values(state.collections).filter((collection) => collection.title === 'Bursty' || collection.title === 'burst')).toHaveLength(2);
    for (const [path, bytes] of Object.entries(files)) {
      const key = `Portal Downloads/Acme Portal/Bursty/${path}`;
      const stored = await readAll(await harness.simulator.storage.byMethod.S3.readObject({ method: 'S3', bucket: 'iconik-sim-s3', key }));
      expect({ key, md5: md5(stored) }).toEqual({ key, md5: md5(bytes) });
    }
  });
});
