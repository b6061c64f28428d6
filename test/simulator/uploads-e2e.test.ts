 
import { randomBytes } from 'node:crypto';
import { objectLocation } from '../../src/simulator/domain/naming';
import type { CloudStorageMethod } from '../../src/simulator/storage/types';
import { fixtureStorages } from './support/fixture-users';
import { startSimulator, type SimulatorHarness } from './support/harness';
import { createFileRecord, readAll, uploadBytes } from './support/uploads';

const storagesByMethod: Record<CloudStorageMethod, string> = { S3: fixtureStorages.s3Unique, GCS: fixtureStorages.gcs, AZURE: fixtureStorages.azure, B2: fixtureStorages.b2 };

describe('simulator upload end to end', () => {
  let sim: SimulatorHarness;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  test.each(Object.keys(storagesByMethod) as CloudStorageMethod[])('%s upload and read back', async (method) => {
    const bytes = randomBytes(256 * 1024 + 7);
    const { assetId, fileId, file } = await createFileRecord(sim, storagesByMethod[method], 'clip.mov', bytes.length);
    expect(file.status).toBe(201);
    expect(file.body.storage_method).toBe(method);

    const status = await uploadBytes(sim, method, file.body, bytes);
    expect(status).toBeGreaterThanOrEqual(200);
    expect(status).toBeLessThan(300);

    const closed = await sim.call('PATCH', `/API/files/v1/assets/${assetId}/files/${fileId}/`, { body: { status: 'CLOSED', size: bytes.length, checksum: 'd41d8cd98f00b204e9800998ecf8427e' } });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('CLOSED');

    const storage = sim.server.store.state.storages[storagesByMethod[method]];
    if (storage === undefined) throw new Error('fixture storage missing');
    const location = objectLocation(storage, 'Pkg/Sub', closed.body.name);
    const stored = await readAll(await sim.storage.byMethod[method].readObject(location));
    expect(stored.length).toBe(bytes.length);
    expect(stored.equals(bytes)).toBe(true);
  });
});
