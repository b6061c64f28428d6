import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { B2Error } from '../../../src/simulator/storage';
import type { ObjectLocation, UploadTarget } from '../../../src/simulator/storage/types';
import { MiB, listAll, readBack, sha1, sha256, startStorageHarness, uniqueBucket, type StorageHarness } from './harness';

interface B2ErrorBody {
  status: number;
  code: string;
  message: string;
}

async function uploadSmallFile(target: UploadTarget, body: Buffer, options: { sha1?: string; fileName?: string } = {}): Promise<Response> {
  return fetch(target.upload_url ?? '', {
    method: 'POST',
    headers: {
      authorization: target.upload_credentials?.authorizationToken ?? '',
      'x-bz-file-name': options.fileName ?? encodeURIComponent(target.upload_filename),
      'x-bz-content-sha1': options.sha1 ?? sha1(body),
      'content-type': 'b2/x-auto',
      'content-length': String(body.length),
    },
    body,
  });
}

async function uploadPart(start: { upload_url: string; authorization_token: string }, partNumber: number, body: Buffer): Promise<Response> {
  return fetch(start.upload_url, {
    method: 'POST',
    headers: {
      authorization: start.authorization_token,
      'x-bz-part-number': String(partNumber),
      'x-bz-content-sha1': sha1(body),
      'content-length': String(body.length),
    },
    body,
  });
}

describe('B2 backend served by the simulator', () => {
  let harness: StorageHarness;
  const bucket = uniqueBucket('b2-upload');

  beforeAll(async () => {
    harness = await startStorageHarness();
    await harness.backends.byMethod.B2.ensureBucket(bucket);
  });

  afterEach(() => {
    harness.backends.b2Faults.clear();
  });

  afterAll(async () => {
    await harness.close();
  });

  it('small file upload with SHA-1', async () => {
    const { backends } = harness;
    const location: ObjectLocation = { method: 'B2', bucket, key: 'package-1/notes & credits.pdf' };
    const body = randomBytes(MiB + 11);
    const target = await backends.byMethod.B2.issueUploadTarget(location);

    expect(target.upload_filename).toBe(location.key);
    expect(target.upload_url).toBe(`${harness.url}/b2api/v2/b2_upload_file/${bucket}`);
    expect(Object.keys(target.upload_credentials ?? {})).toEqual(['authorizationToken']);

    const response = await uploadSmallFile(target, body);
    const answer = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(200);
    expect(answer.fileName).toBe(location.key);
    expect(answer.contentLength).toBe(body.length);
    expect(answer.contentSha1).toBe(sha1(body));
    expect(answer.action).toBe('upload');
    expect(answer.bucketId).toBe(bucket);
    expect(typeof answer.fileId).toBe('string');
    expect(await backends.byMethod.B2.statObject(location)).toEqual({ size: body.length });
    expect(await readBack(backends, location)).toEqual({ sha256: sha256(body), size: body.length });
    expect(await listAll(backends, 'B2', bucket, 'package-1/')).toEqual([{ key: location.key, size: body.length }]);
  });

  it('file name decoded as B2 does', async () => {
    const { backends } = harness;
    const location: ObjectLocation = { method: 'B2', bucket, key: 'package-2/a b+c.txt' };
    const target = await backends.byMethod.B2.issueUploadTarget(location);
    const body = Buffer.from('plus and space');

    const response = await uploadSmallFile(target, body, { fileName: 'package-2/a+b%2Bc.txt' });
    const answer = (await response.json()) as { fileName: string };

    expect(response.status).toBe(200);
    expect(answer.fileName).toBe('package-2/a b+c.txt');
    expect(await listAll(backends, 'B2', bucket, 'package-2/')).toEqual([{ key: 'package-2/a b+c.txt', size: body.length }]);
  });

  it('SHA-1 mismatch rejected', async () => {
    const { backends } = harness;
    const location: ObjectLocation = { method: 'B2', bucket, key: 'package-3/corrupt.bin' };
    const target = await backends.byMethod.B2.issueUploadTarget(location);
    const body = randomBytes(100_000);

    const response = await uploadSmallFile(target, body, { sha1: sha1(Buffer.from('other bytes')) });
    const error = (await response.json()) as B2ErrorBody;

    expect(response.status).toBe(400);
    expect(error.status).toBe(400);
    expect(error.code).toBe('bad_request');
    expect(error.message).toContain('Sha1 did not match data received');
    expect(await backends.byMethod.B2.statObject(location)).toBeUndefined();
    expect(await readdir(join(harness.b2Dir, bucket, 'incoming'))).toEqual([]);
  });

  it('large file with parts and finish', async () => {
    const { backends } = harness;
    const location: ObjectLocation = { method: 'B2', bucket, key: 'package-4/feature.mov' };
    const parts = [randomBytes(5 * MiB), randomBytes(5 * MiB), randomBytes(2 * MiB + 5)];
    const start = await backends.b2LargeFiles.startLargeFile(location);

    expect(start.upload_url).toBe(`${harness.url}/b2api/v2/b2_upload_part/${start.upload_file_id}`);

    const sha1List: string[] = [];
    for (const [index, part] of parts.entries()) {
      const response = await uploadPart(start, index + 1, part);
      const answer = (await response.json()) as { contentSha1: string; partNumber: number; contentLength: number; fileId: string };
      expect(response.status).toBe(200);
      expect(answer.partNumber).toBe(index + 1);
      expect(answer.contentLength).toBe(part.length);
      expect(answer.fileId).toBe(start.upload_file_id);
      expect(answer.contentSha1).toBe(sha1(part));
      sha1List.push(answer.contentSha1);
    }
    expect(await backends.byMethod.B2.statObject(location)).toBeUndefined();

    const whole = Buffer.concat(parts);
    expect(await backends.b2LargeFiles.finishLargeFile(start.upload_file_id, sha1List)).toEqual({ size: whole.length });
    expect(await readBack(backends, location)).toEqual({ sha256: sha256(whole), size: whole.length });
    expect(await listAll(backends, 'B2', bucket, 'package-4/')).toEqual([{ key: location.key, size: whole.length }]);
    expect(await readdir(join(harness.b2Dir, bucket, 'large-files'))).toEqual([]);

    const late = await uploadPart(start, 4, randomBytes(10));
    const lateError = (await late.json()) as B2ErrorBody;
    expect(late.status).toBe(401);
    expect(lateError.code).toBe('bad_auth_token');
  });

  it('finish checks parts, SHA-1s and sizes', async () => {
    const { backends } = harness;
    const location: ObjectLocation = { method: 'B2', bucket, key: 'package-5/checked.bin' };
    const start = await backends.b2LargeFiles.startLargeFile(location);
    const small = randomBytes(1000);
    const last = randomBytes(500);
    expect((await uploadPart(start, 1, small)).status).toBe(200);
    expect((await uploadPart(start, 2, last)).status).toBe(200);

    const missing = backends.b2LargeFiles.finishLargeFile(start.upload_file_id, [sha1(small), sha1(last), sha1(last)]);
    await expect(missing).rejects.toThrow('Part number 3 has not been uploaded');
    const wrongSha1 = backends.b2LargeFiles.finishLargeFile(start.upload_file_id, [sha1(last), sha1(last)]);
    await expect(wrongSha1).rejects.toThrow(`Part number 1 has SHA-1 ${sha1(small)}`);
    const tooSmall = backends.b2LargeFiles.finishLargeFile(start.upload_file_id, [sha1(small), sha1(last)]);
    await expect(tooSmall).rejects.toThrow('Part number 1 is 1000 bytes, smaller than the minimum part size of 5000000 bytes');
    await expect(tooSmall).rejects.toBeInstanceOf(B2Error);

    await backends.b2LargeFiles.cancelLargeFile(start.upload_file_id);
    const afterCancel = backends.b2LargeFiles.finishLargeFile(start.upload_file_id, [sha1(small)]);
    await expect(afterCancel).rejects.toMatchObject({ status: 400, code: 'bad_request', message: `No active upload for: ${start.upload_file_id}` });
    expect(await backends.byMethod.B2.statObject(location)).toBeUndefined();
    expect(await readdir(join(harness.b2Dir, bucket, 'large-files'))).toEqual([]);
  });

  it('injected faults answer first', async () => {
    const { backends } = harness;
    const location: ObjectLocation = { method: 'B2', bucket, key: 'package-6/retried.bin' };
    const target = await backends.byMethod.B2.issueUploadTarget(location);
    const body = randomBytes(4096);
    backends.b2Faults.failNext('too_busy', 2);
    backends.b2Faults.failNext('expired_auth_token', 1);
    expect(backends.b2Faults.pending()).toEqual(['too_busy', 'too_busy', 'expired_auth_token']);

    const statuses: number[] = [];
    const codes: string[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const response = await uploadSmallFile(target, body);
      statuses.push(response.status);
      codes.push(((await response.json()) as B2ErrorBody).code);
    }
    expect(statuses).toEqual([503, 503, 401]);
    expect(codes).toEqual(['service_unavailable', 'service_unavailable', 'expired_auth_token']);
    expect(backends.b2Faults.pending()).toEqual([]);
    expect(await backends.byMethod.B2.statObject(location)).toBeUndefined();

    const start = await backends.b2LargeFiles.startLargeFile({ method: 'B2', bucket, key: 'package-6/large.bin' });
    backends.b2Faults.failNext('too_busy', 1);
    const busyPart = await uploadPart(start, 1, body);
    expect(busyPart.status).toBe(503);
    expect(((await busyPart.json()) as B2ErrorBody).message).toContain('too busy');
    await backends.b2LargeFiles.cancelLargeFile(start.upload_file_id);

    const success = await uploadSmallFile(target, body);
    await success.arrayBuffer();
    expect(success.status).toBe(200);
    expect(await readBack(backends, location)).toEqual({ sha256: sha256(body), size: body.length });
  });

  it('expired and unknown tokens rejected', async () => {
    const { backends } = harness;
    const location: ObjectLocation = { method: 'B2', bucket, key: 'package-7/expired.bin' };
    const body = randomBytes(1000);
    const expired = await backends.byMethod.B2.issueUploadTarget(location, { expired: true });

    const response = await uploadSmallFile(expired, body);
    const error = (await response.json()) as B2ErrorBody;
    expect(response.status).toBe(401);
    expect(error).toEqual({ status: 401, code: 'expired_auth_token', message: 'Authorization token has expired' });

    const forged: UploadTarget = { ...expired, upload_credentials: { authorizationToken: '4_not-a-token' } };
    const unknown = await uploadSmallFile(forged, body);
    expect(unknown.status).toBe(401);
    expect(((await unknown.json()) as B2ErrorBody).code).toBe('bad_auth_token');
    expect(await listAll(backends, 'B2', bucket, 'package-7/')).toEqual([]);
  });

  it('invalid requests rejected', async () => {
    const { backends } = harness;
    const target = await backends.byMethod.B2.issueUploadTarget({ method: 'B2', bucket, key: 'package-8/a.bin' });
    const body = randomBytes(10);

    const badSha1 = await uploadSmallFile(target, body, { sha1: 'abc' });
    expect(badSha1.status).toBe(400);
    expect(((await badSha1.json()) as B2ErrorBody).message).toContain('X-Bz-Content-Sha1 "abc" is invalid');

    const badName = await uploadSmallFile(target, body, { fileName: 'package-8//double-slash.bin' });
    expect(badName.status).toBe(400);
    expect(((await badName.json()) as B2ErrorBody).message).toContain('contains "//"');

    const start = await backends.b2LargeFiles.startLargeFile({ method: 'B2', bucket, key: 'package-8/large.bin' });
    const badPart = await uploadPart(start, 10_001, body);
    expect(badPart.status).toBe(400);
    expect(((await badPart.json()) as B2ErrorBody).message).toContain('X-Bz-Part-Number "10001" is invalid');
    await backends.b2LargeFiles.cancelLargeFile(start.upload_file_id);

    await expect(backends.byMethod.B2.issueUploadTarget({ method: 'B2', bucket: 'b2', key: 'x' })).rejects.toThrow('B2 bucket name "b2" is invalid');
    expect(await listAll(backends, 'B2', bucket, 'package-8/')).toEqual([]);
  });
});
