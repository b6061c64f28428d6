import { randomBytes } from 'node:crypto';
import type { ObjectLocation } from '../../../src/simulator/storage/types';
import { MiB, listAll, readBack, sha256, startStorageHarness, uniqueBucket, type StorageHarness } from './harness';

describe('AZURE backend on Azurite', () => {
  let harness: StorageHarness;
  const container = uniqueBucket('azure-upload');

  beforeAll(async () => {
    harness = await startStorageHarness();
    await harness.backends.byMethod.AZURE.ensureBucket(container);
  });

  afterAll(async () => {
    await harness.close();
  });

  it('Put Blob through the SAS URL', async () => {
    const { backends } = harness;
    const location: ObjectLocation = { method: 'AZURE', bucket: container, key: 'package-1/still.png' };
    const body = randomBytes(2 * MiB + 7);
    const target = await backends.byMethod.AZURE.issueUploadTarget(location);

    expect(target.upload_filename).toBe(location.key);
    expect(target.multipart_upload_url).toBeNull();
    const response = await fetch(target.upload_url ?? '', { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body });
    await response.arrayBuffer();

    expect(response.status).toBe(201);
    expect(await backends.byMethod.AZURE.statObject(location)).toEqual({ size: body.length });
    expect(await readBack(backends, location)).toEqual({ sha256: sha256(body), size: body.length });
    expect(await listAll(backends, 'AZURE', container, 'package-1/')).toEqual([{ key: location.key, size: body.length }]);
  });

  it('Put Block and Put Block List', async () => {
    const { backends } = harness;
    const location: ObjectLocation = { method: 'AZURE', bucket: container, key: 'package-2/long clip.mxf' };
    const blocks = [randomBytes(4 * MiB), randomBytes(4 * MiB), randomBytes(MiB / 2)];
    const target = await backends.byMethod.AZURE.issueUploadTarget(location);
    const blockIds = blocks.map((_, index) => Buffer.from(`block-${String(index).padStart(6, '0')}`).toString('base64'));

    for (const [index, block] of blocks.entries()) {
      const url = `${target.upload_url ?? ''}&comp=block&blockid=${encodeURIComponent(blockIds[index] ?? '')}`;
      const response = await fetch(url, { method: 'PUT', body: block });
      await response.arrayBuffer();
      expect(response.status).toBe(201);
    }
    expect(await backends.byMethod.AZURE.statObject(location)).toBeUndefined();

    const blockList = `<?xml version="1.0" encoding="utf-8"?><BlockList>${blockIds.map((id) => `<Latest>${id}</Latest>`).join('')}</BlockList>`;
    const committed = await fetch(`${target.upload_url ?? ''}&comp=blocklist`, {
      method: 'PUT',
      headers: { 'content-type': 'application/xml' },
      body: blockList,
    });
    await committed.arrayBuffer();

    const whole = Buffer.concat(blocks);
    expect(committed.status).toBe(201);
    expect(await readBack(backends, location)).toEqual({ sha256: sha256(whole), size: whole.length });
    expect(await listAll(backends, 'AZURE', container, 'package-2/')).toEqual([{ key: location.key, size: whole.length }]);

    await backends.byMethod.AZURE.deleteObject(location);
    expect(await backends.byMethod.AZURE.statObject(location)).toBeUndefined();
  });

  it('expired SAS rejected by Azurite', async () => {
    const { backends } = harness;
    const location: ObjectLocation = { method: 'AZURE', bucket: container, key: 'package-3/expired.bin' };
    const target = await backends.byMethod.AZURE.issueUploadTarget(location, { expired: true });

    const response = await fetch(target.upload_url ?? '', { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: 'never stored' });
    const xml = await response.text();

    expect(response.status).toBe(403);
    expect(xml).toContain('<Code>AuthorizationFailure</Code>');
    expect(await backends.byMethod.AZURE.statObject(location)).toBeUndefined();
    expect(await listAll(backends, 'AZURE', container, 'package-3/')).toEqual([]);
  });

  it('SAS URL only grants create and write', async () => {
    const { backends } = harness;
    const location: ObjectLocation = { method: 'AZURE', bucket: container, key: 'package-4/written.bin' };
    const target = await backends.byMethod.AZURE.issueUploadTarget(location);
    const put = await fetch(target.upload_url ?? '', { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: 'bytes' });
    await put.arrayBuffer();
    expect(put.status).toBe(201);

    const read = await fetch(target.upload_url ?? '');
    await read.arrayBuffer();
    expect(read.status).toBe(403);

    const readUrl = await backends.byMethod.AZURE.readUrl(location);
    const readable = await fetch(readUrl);
    expect(readable.status).toBe(200);
    expect(await readable.text()).toBe('bytes');
  });
});
