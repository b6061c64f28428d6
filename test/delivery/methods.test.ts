import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { CloudStorageMethod } from '../../src/simulator/storage/types';
import { fixtureStorages, fixtureTokens } from '../simulator/support/fixture-users';
import { startDeliveryHarness, type DeliveryHarness } from '../support/delivery-harness';
import { writePackage } from '../support/delivery-packages';

jest.setTimeout(240_000);

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The fixture storage, bucket or container, and storage path of each method. */
const storages: Record<CloudStorageMethod, { storageId: string; bucket: string; prefix: string }> = {
  S3: { storageId: fixtureStorages.s3, bucket: 'iconik-sim-s3', prefix: '' },
  GCS: { storageId: fixtureStorages.gcs, bucket: 'iconik-sim-gcs', prefix: 'media/' },
  AZURE: { storageId: fixtureStorages.azure, bucket: 'iconik-sim-azure', prefix: '' },
  B2: { storageId: fixtureStorages.b2, bucket: 'iconik-sim-b2', prefix: '' },
};

const deepFolder = Array.from({ length: 40 }, (_, index) => `d${index + 1}`).join('/');
const accented = 'café crème.txt';

/** Files whose names need encoding on every storage: reserved URL characters, quotes, emoji, both Unicode forms and a 40-level path. */
function trickyFiles(): Record<string, Buffer> {
  return {
    'Day 1/Cam A/clip 001.mov': randomBytes(12 * 1024 * 1024 + 321),
    'plus+percent%20hash#amp&.bin': randomBytes(1000),
    ['quotes \'single\' "double".txt']: Buffer.from('quotes\n'),
    'emoji 🎬 take.wav': randomBytes(70_000),
    [accented.normalize('NFC')]: Buffer.from('composed\n'),
    [accented.normalize('NFD')]: Buffer.from('decomposed\n'),
    [`${deepFolder}/deep.bin`]: randomBytes(2000),
    'empty.bin': Buffer.alloc(0),
  };
}

describe('delivery end to end on every storage method', () => {
  let harness: DeliveryHarness;

  beforeAll(async () => {
    harness = await startDeliveryHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  const state = () => harness.simulator.server.store.state;

  async function deliver(method: CloudStorageMethod, name: string, files: Record<string, Buffer>) {
    const integration = await harness.integrations.create({
      name: `Methods ${method}`,
      iconikBaseUrl: harness.simulator.url,
      appId: fixtureTokens.power.appId,
      token: fixtureTokens.power.token,
      storageId: storages[method].storageId,
      portalIds: ['portal-e2e'],
    });
    const folders = [...new Set(Object.keys(files).flatMap((path) => path.split('/').slice(0, -1).map((_, index, parts) => parts.slice(0, index + 1).join('/'))))];
    const pkg = writePackage(harness.sourceRoot, { name, files, folders });
    await harness.packages.save(pkg);
    const { deliveryId } = await harness.starter.start({ integrationId: integration.id, packageId: pkg.id });
    const summary = await harness.temporal.workflow.getHandle(deliveryId).result();
    return { summary, pkg };
  }

  /** Returns the file records of a delivery's package folder, by object key relative to the storage path. */
  function filesUnder(packageName: string) {
    const folder = `Portal Downloads/Acme Portal/${packageName}`;
    return Object.values(state().files).filter((file) => String(file.directory_path).startsWith(folder));
  }

  it.each(['S3', 'GCS', 'AZURE', 'B2'] as const)('delivers tricky names byte-exact to %s', async (method) => {
    const files = trickyFiles();
    const name = `Methods ${method} ${randomUUID().slice(0, 8)}`;

    const { summary, pkg } = await deliver(method, name, files);

    expect(summary).toMatchObject({
      outcome: 'completed',
      filesTotal: Object.keys(files).length,
      filesDelivered: Object.keys(files).length,
      failedCount: 0,
      bytesDelivered: Object.values(files).reduce((total, bytes) => total + bytes.length, 0),
    });
    const { bucket, prefix } = storages[method];
    const records = filesUnder(name);
    expect(records).toHaveLength(Object.keys(files).length);
    for (const [path, bytes] of Object.entries(files)) {
      const relativeKey = `Portal Downloads/Acme Portal/${name}/${path}`;
      const key = `${prefix}${relativeKey}`;
      const stored = await readAll(await harness.simulator.storage.byMethod[method].readObject({ method, bucket, key }));
      expect({ key, size: stored.length, md5: md5(stored) }).toEqual({ key, size: bytes.length, md5: md5(bytes) });
      const file = records.find((candidate) => `${String(candidate.directory_path)}/${String(candidate.name)}` === relativeKey);
      expect({ key, status: file?.status, size: file?.size, checksum: file?.checksum }).toEqual({ key, status: 'CLOSED', size: bytes.length, checksum: md5(bytes) });
    }

    const assetIds = new Set(records.map((file) => String(file.asset_id)));
    const jobs = Object.values(state().jobs).filter((job) => job.type === 'TRANSFER' && assetIds.has(String(job.object_id)));
    expect(jobs.map((job) => job.status)).toEqual(Object.keys(files).map(() => 'FINISHED'));
    expect(pkg.files).toHaveLength(Object.keys(files).length);
  });

  it.each(['GCS', 'AZURE', 'B2'] as const)('stores unique object names on %s', async (method) => {
    const settings = state().storages[storages[method].storageId]?.settings;
    if (settings === undefined) throw new Error(`fixture storage of ${method} is missing`);
    settings.add_uuid_to_filenames = true;
    const files = { 'unique/clip one.mov': randomBytes(6 * 1024 * 1024 + 5), 'README': Buffer.from('read me\n') };
    const name = `Unique ${method} ${randomUUID().slice(0, 8)}`;
    try {
      const { summary } = await deliver(method, name, files);
      expect(summary).toMatchObject({ outcome: 'completed', filesDelivered: 2, failedCount: 0 });
    } finally {
      settings.add_uuid_to_filenames = false;
    }

    const { bucket, prefix } = storages[method];
    const records = filesUnder(name);
    expect(records).toHaveLength(2);
    for (const [path, bytes] of Object.entries(files)) {
      const originalName = path.split('/').at(-1) ?? path;
      const file = records.find((candidate) => candidate.original_name === originalName);
      const dot = originalName.lastIndexOf('.');
      const expectedName = dot === -1 ? `${originalName}-${String(file?.id)}` : `${originalName.slice(0, dot)}-${String(file?.id)}${originalName.slice(dot)}`;
      expect(file?.name).toBe(expectedName);
      const key = `${prefix}${String(file?.directory_path)}/${expectedName}`;
      const stored = await readAll(await harness.simulator.storage.byMethod[method].readObject({ method, bucket, key }));
      expect({ key, md5: md5(stored) }).toEqual({ key, md5: md5(bytes) });
      expect({ key, status: file?.status, checksum: file?.checksum }).toEqual({ key, status: 'CLOSED', checksum: md5(bytes) });
      const asset = state().assets[String(file?.asset_id)];
      expect(asset?.title).toBe(originalName);
    }
  });
});
