import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { ObjectLocation } from '../../../src/simulator/storage/types';
import { MiB, listAll, readBack, sha256, startStorageHarness, uniqueBucket, type StorageHarness } from './harness';

/** GCS requires every chunk but the last to be a multiple of 256 KiB. */
const chunkUnit = 256 * 1024;

async function startSession(uploadUrl: string): Promise<Response> {
  return fetch(uploadUrl, { method: 'POST', headers: { 'x-goog-resumable': 'start', 'content-length': '0' } });
}

async function putChunk(sessionUri: string, body: Buffer, start: number, total: number): Promise<Response> {
  const response = await fetch(sessionUri, {
    method: 'PUT',
    headers: { 'content-range': `bytes ${start}-${start + body.length - 1}/${total}` },
    body,
  });
  return response;
}

async function queryOffset(sessionUri: string, total: number): Promise<Response> {
  return fetch(sessionUri, { method: 'PUT', headers: { 'content-range': `bytes */${total}`, 'content-length': '0' } });
}

/** Sends the first `sent` bytes of a chunk, then drops the connection, as a crashing client would. */
async function putChunkAndCrash(sessionUri: string, body: Buffer, start: number, total: number, sent: number): Promise<void> {
  await new Promise<void>((resolve) => {
    const request = httpRequest(sessionUri, {
      method: 'PUT',
      headers: { 'content-range': `bytes ${start}-${start + body.length - 1}/${total}`, 'content-length': String(body.length) },
    });
    request.on('error', () => resolve());
    request.write(body.subarray(0, sent), () => {
      setTimeout(() => {
        request.destroy();
        resolve();
      }, 100);
    });
  });
}

describe('GCS backend with the resumable upload layer', () => {
  let harness: StorageHarness;
  const bucket = uniqueBucket('gcs-upload');

  beforeAll(async () => {
    harness = await startStorageHarness();
    await harness.backends.byMethod.GCS.ensureBucket(bucket);
  });

  afterAll(async () => {
    await harness.close();
  });

  it('chunked resumable upload resumed after a crash', async () => {
    const { backends } = harness;
    const location: ObjectLocation = { method: 'GCS', bucket, key: 'package-1/interview take 2.mp4' };
    const bytes = randomBytes(8 * chunkUnit + 1000);
    const total = bytes.length;
    const target = await backends.byMethod.GCS.issueUploadTarget(location);
    expect(target.upload_filename).toBe(location.key);
    expect(target.upload_url?.startsWith(`${harness.url}/gcs/${bucket}/`)).toBe(true);

    const started = await startSession(target.upload_url ?? '');
    await started.arrayBuffer();
    expect(started.status).toBe(201);
    const uploadId = started.headers.get('x-guploader-uploadid') ?? '';
    const sessionUri = started.headers.get('location') ?? '';
    expect(sessionUri).toBe(`${target.upload_url ?? ''}&upload_id=${uploadId}`);

    const nothingYet = await queryOffset(sessionUri, total);
    expect(nothingYet.status).toBe(308);
    expect(nothingYet.headers.get('range')).toBeNull();

    const first = await putChunk(sessionUri, bytes.subarray(0, 4 * chunkUnit), 0, total);
    await first.arrayBuffer();
    expect(first.status).toBe(308);
    expect(first.headers.get('range')).toBe(`bytes=0-${4 * chunkUnit - 1}`);

    await putChunkAndCrash(sessionUri, bytes.subarray(4 * chunkUnit, 8 * chunkUnit), 4 * chunkUnit, total, chunkUnit + 17);

    const afterCrash = await queryOffset(sessionUri, total);
    await afterCrash.arrayBuffer();
    expect(afterCrash.status).toBe(308);
    expect(afterCrash.headers.get('range')).toBe(`bytes=0-${4 * chunkUnit - 1}`);
    expect(await backends.byMethod.GCS.statObject(location)).toBeUndefined();

    const second = await putChunk(sessionUri, bytes.subarray(4 * chunkUnit, 8 * chunkUnit), 4 * chunkUnit, total);
    await second.arrayBuffer();
    expect(second.status).toBe(308);
    expect(second.headers.get('range')).toBe(`bytes=0-${8 * chunkUnit - 1}`);

    const last = await putChunk(sessionUri, bytes.subarray(8 * chunkUnit), 8 * chunkUnit, total);
    const resource = (await last.json()) as { name: string; size: string };
    expect(last.status).toBe(200);
    expect(resource.name).toBe(location.key);
    expect(resource.size).toBe(String(total));

    const finished = await queryOffset(sessionUri, total);
    await finished.arrayBuffer();
    expect(finished.status).toBe(200);

    expect(await backends.byMethod.GCS.statObject(location)).toEqual({ size: total });
    expect(await readBack(backends, location)).toEqual({ sha256: sha256(bytes), size: total });
    expect(await listAll(backends, 'GCS', bucket, 'package-1/')).toEqual([{ key: location.key, size: total }]);
  });

  it('resent chunk overlapping committed bytes', async () => {
    const { backends } = harness;
    const location: ObjectLocation = { method: 'GCS', bucket, key: 'package-2/overlap.bin' };
    const bytes = randomBytes(3 * chunkUnit + 10);
    const total = bytes.length;
    const target = await backends.byMethod.GCS.issueUploadTarget(location);
    const started = await startSession(target.upload_url ?? '');
    const sessionUri = started.headers.get('location') ?? '';

    const first = await putChunk(sessionUri, bytes.subarray(0, 2 * chunkUnit), 0, total);
    await first.arrayBuffer();
    expect(first.headers.get('range')).toBe(`bytes=0-${2 * chunkUnit - 1}`);

    // The client lost the 308 and resends from chunkUnit, one unit already committed.
    const resent = await putChunk(sessionUri, bytes.subarray(chunkUnit), chunkUnit, total);
    await resent.arrayBuffer();
    expect(resent.status).toBe(200);

    expect(await readBack(backends, location)).toEqual({ sha256: sha256(bytes), size: total });
  });

  it('single PUT without Content-Range', async () => {
    const { backends } = harness;
    const location: ObjectLocation = { method: 'GCS', bucket, key: 'package-3/whole.bin' };
    const bytes = randomBytes(MiB + 3);
    const target = await backends.byMethod.GCS.issueUploadTarget(location);
    const started = await startSession(target.upload_url ?? '');
    const response = await fetch(started.headers.get('location') ?? '', { method: 'PUT', body: bytes });
    await response.arrayBuffer();

    expect(response.status).toBe(200);
    expect(await readBack(backends, location)).toEqual({ sha256: sha256(bytes), size: bytes.length });
    await backends.byMethod.GCS.deleteObject(location);
    expect(await backends.byMethod.GCS.statObject(location)).toBeUndefined();
  });

  it('expired upload URL rejected', async () => {
    const location: ObjectLocation = { method: 'GCS', bucket, key: 'package-4/expired.bin' };
    const target = await harness.backends.byMethod.GCS.issueUploadTarget(location, { expired: true });
    const response = await startSession(target.upload_url ?? '');
    const xml = await response.text();

    expect(response.status).toBe(400);
    expect(xml).toContain('<Code>ExpiredToken</Code>');
    expect(xml).toContain('<Message>The provided token has expired.</Message>');
    expect(response.headers.get('location')).toBeNull();
    expect(await listAll(harness.backends, 'GCS', bucket, 'package-4/')).toEqual([]);
  });

  it('tampered signature rejected', async () => {
    const location: ObjectLocation = { method: 'GCS', bucket, key: 'package-5/a.bin' };
    const target = await harness.backends.byMethod.GCS.issueUploadTarget(location);
    const otherKey = (target.upload_url ?? '').replace('/package-5/a.bin?', '/package-5/b.bin?');
    const response = await startSession(otherKey);
    const xml = await response.text();

    expect(response.status).toBe(403);
    expect(xml).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('POST without x-goog-resumable rejected', async () => {
    const location: ObjectLocation = { method: 'GCS', bucket, key: 'package-6/a.bin' };
    const target = await harness.backends.byMethod.GCS.issueUploadTarget(location);
    const response = await fetch(target.upload_url ?? '', { method: 'POST', body: 'bytes' });
    const xml = await response.text();

    expect(response.status).toBe(400);
    expect(xml).toContain('<Code>InvalidArgument</Code>');
    expect(xml).toContain('x-goog-resumable: start');
  });

  it('unknown session and gap rejected', async () => {
    const location: ObjectLocation = { method: 'GCS', bucket, key: 'package-7/a.bin' };
    const target = await harness.backends.byMethod.GCS.issueUploadTarget(location);

    const unknown = await queryOffset(`${target.upload_url ?? ''}&upload_id=0123456789abcdef`, 10);
    const unknownXml = await unknown.text();
    expect(unknown.status).toBe(404);
    expect(unknownXml).toContain('<Code>NoSuchUpload</Code>');

    const started = await startSession(target.upload_url ?? '');
    const gap = await putChunk(started.headers.get('location') ?? '', randomBytes(chunkUnit), chunkUnit, 4 * chunkUnit);
    const gapXml = await gap.text();
    expect(gap.status).toBe(400);
    expect(gapXml).toContain(`the upload offset is ${chunkUnit} byte(s), which exceeds already uploaded size of 0 byte(s)`);
  });
});
