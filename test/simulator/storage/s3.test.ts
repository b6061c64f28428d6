import { randomBytes } from 'node:crypto';
import type { ObjectLocation } from '../../../src/simulator/storage/types';
import { MiB, listAll, readBack, sha256, startStorageHarness, uniqueBucket, type StorageHarness } from './harness';

describe('S3 backend on MinIO', () => {
  let harness: StorageHarness;
  const bucket = uniqueBucket('s3-upload');

  beforeAll(async () => {
    harness = await startStorageHarness();
    await harness.backends.byMethod.S3.ensureBucket(bucket);
  });

  afterAll(async () => {
    await harness.close();
  });

  it('multipart upload through presigned URLs', async () => {
    const { backends } = harness;
    const location: ObjectLocation = { method: 'S3', bucket, key: 'package-1/video/clip one.mov' };
    const parts = [randomBytes(5 * MiB), randomBytes(5 * MiB), randomBytes(1 * MiB + 123)];
    const target = await backends.byMethod.S3.issueUploadTarget(location);

    expect(target.upload_filename).toBe(location.key);
    expect(target.multipart_upload_url).not.toBeNull();

    const created = await fetch(target.multipart_upload_url ?? '', { method: 'POST' });
    const createdXml = await created.text();
    expect(created.status).toBe(200);
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(createdXml)?.[1];
    expect(uploadId).toBeDefined();

    const partUrls = await backends.s3Multipart.partUrls(location, uploadId ?? '', [1, 2, 3]);
    expect(partUrls.map((part) => part.number)).toEqual([1, 2, 3]);

    const etags: string[] = [];
    for (const [index, part] of partUrls.entries()) {
      const response = await fetch(part.url, { method: 'PUT', body: parts[index] });
      await response.arrayBuffer();
      expect(response.status).toBe(200);
      etags.push(response.headers.get('etag') ?? '');
    }

    const completeXml =
      '<CompleteMultipartUpload>' +
      etags.map((etag, index) => `<Part><ETag>${etag}</ETag><PartNumber>${index + 1}</PartNumber></Part>`).join('') +
      '</CompleteMultipartUpload>';
    const completed = await fetch(await backends.s3Multipart.completeUrl(location, uploadId ?? ''), {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: completeXml,
    });
    const completedXml = await completed.text();
    expect(completed.status).toBe(200);
    expect(completedXml).toContain('<CompleteMultipartUploadResult');

    const whole = Buffer.concat(parts);
    expect(await backends.byMethod.S3.statObject(location)).toEqual({ size: whole.length });
    expect(await readBack(backends, location)).toEqual({ sha256: sha256(whole), size: whole.length });
    expect(await listAll(backends, 'S3', bucket, 'package-1/')).toEqual([{ key: location.key, size: whole.length }]);
  });

  it('single PUT through upload_url', async () => {
    const { backends } = harness;
    const location: ObjectLocation = { method: 'S3', bucket, key: 'package-2/readme.txt' };
    const body = randomBytes(300_000);
    const target = await backends.byMethod.S3.issueUploadTarget(location);

    const response = await fetch(target.upload_url ?? '', { method: 'PUT', body });
    await response.arrayBuffer();

    expect(response.status).toBe(200);
    expect(await readBack(backends, location)).toEqual({ sha256: sha256(body), size: body.length });
    expect(await listAll(backends, 'S3', bucket, 'package-2/')).toEqual([{ key: location.key, size: body.length }]);

    await backends.byMethod.S3.deleteObject(location);
    expect(await backends.byMethod.S3.statObject(location)).toBeUndefined();
  });

  it('expired targets rejected by MinIO', async () => {
    const { backends } = harness;
    const location: ObjectLocation = { method: 'S3', bucket, key: 'package-3/expired.bin' };
    const target = await backends.byMethod.S3.issueUploadTarget(location, { expired: true });

    const put = await fetch(target.upload_url ?? '', { method: 'PUT', body: 'never stored' });
    const putXml = await put.text();
    expect(put.status).toBe(403);
    expect(putXml).toContain('<Code>AccessDenied</Code>');
    expect(putXml).toContain('Request has expired');

    const create = await fetch(target.multipart_upload_url ?? '', { method: 'POST' });
    const createXml = await create.text();
    expect(create.status).toBe(403);
    expect(createXml).toContain('Request has expired');

    const fresh = await backends.byMethod.S3.issueUploadTarget(location);
    const created = await fetch(fresh.multipart_upload_url ?? '', { method: 'POST' });
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(await created.text())?.[1] ?? '';
    const [expiredPart] = await backends.s3Multipart.partUrls(location, uploadId, [1], { expired: true });
    const part = await fetch(expiredPart?.url ?? '', { method: 'PUT', body: 'never stored' });
    const partXml = await part.text();
    expect(part.status).toBe(403);
    expect(partXml).toContain('Request has expired');

    await backends.s3Multipart.abortUpload(location, uploadId);
    expect(await backends.byMethod.S3.statObject(location)).toBeUndefined();
    expect(await listAll(backends, 'S3', bucket, 'package-3/')).toEqual([]);
  });

  it('abort URL ends a multipart upload', async () => {
    const { backends } = harness;
    const location: ObjectLocation = { method: 'S3', bucket, key: 'package-4/aborted.bin' };
    const target = await backends.byMethod.S3.issueUploadTarget(location);
    const created = await fetch(target.multipart_upload_url ?? '', { method: 'POST' });
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(await created.text())?.[1] ?? '';
    const [partUrl] = await backends.s3Multipart.partUrls(location, uploadId, [1]);
    const part = await fetch(partUrl?.url ?? '', { method: 'PUT', body: randomBytes(1000) });
    await part.arrayBuffer();
    expect(part.status).toBe(200);

    const aborted = await fetch(await backends.s3Multipart.abortUrl(location, uploadId), { method: 'DELETE' });
    await aborted.arrayBuffer();
    expect(aborted.status).toBe(204);

    const late = await fetch(partUrl?.url ?? '', { method: 'PUT', body: randomBytes(1000) });
    const lateXml = await late.text();
    expect(late.status).toBe(404);
    expect(lateXml).toContain('<Code>NoSuchUpload</Code>');
    expect(await backends.byMethod.S3.statObject(location)).toBeUndefined();
  });

  it('part numbers outside 1 to 10000 rejected', async () => {
    const location: ObjectLocation = { method: 'S3', bucket, key: 'package-5/x.bin' };
    await expect(harness.backends.s3Multipart.partUrls(location, 'upload-id', [0])).rejects.toThrow('S3 part number 0 is invalid');
    await expect(harness.backends.s3Multipart.partUrls(location, 'upload-id', [10_001])).rejects.toThrow('S3 part number 10001 is invalid');
  });
});
