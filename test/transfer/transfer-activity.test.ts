import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createTransferActivities, type TransferInput, type TransferResult } from '../../src/transfer';
import { fixtureTokens } from '../simulator/support/fixture-users';
import { HttpSourceServer } from './support/http-source-server';
import { writeRandomFile } from './support/random-file';
import { mebibyte, sourceBucket, startTransferStack, testPartSize, type TransferStack } from './support/transfer-stack';

jest.setTimeout(120_000);

const sizes = [
  { label: 'zero-byte file', size: 0, parts: 1 },
  { label: 'file smaller than one part', size: 1_234_567, parts: 1 },
  { label: 'multi-part file', size: 40 * mebibyte + 12_345, parts: 9 },
];

describe('transferFile activity', () => {
  let stack: TransferStack;
  let http: HttpSourceServer;
  let httpUrl: string;

  beforeAll(async () => {
    stack = await startTransferStack();
    http = new HttpSourceServer(stack.sourceRoot);
    httpUrl = await http.start();
  });

  afterAll(async () => {
    await http.close();
    await stack.close();
  });

  async function run(input: TransferInput, env = new MockActivityEnvironment()): Promise<TransferResult> {
    const { transferFile } = createTransferActivities(stack.deps());
    return env.run(transferFile, input);
  }

  async function sourceFile(name: string, size: number): Promise<{ path: string; md5: string }> {
    const path = join(stack.sourceRoot, name);
    return { path, md5: await writeRandomFile(path, size) };
  }

  describe.each(['file', 's3', 'http'] as const)('from a %s source', (kind) => {
    it.each(sizes)('delivers a $label byte-exact', async ({ size, parts, label }) => {
      const name = `${kind}-${label.replace(/\W+/g, '-')}.bin`;
      const { path, md5 } = await sourceFile(name, size);
      let source: string;
      if (kind === 'file') source = `file://${path}`;
      else if (kind === 'http') source = `${httpUrl}/${name}`;
      else {
        await stack.minio.send(new PutObjectCommand({ Bucket: sourceBucket, Key: `sources/${name}`, Body: createReadStream(path), ContentLength: size }));
        source = `s3://${sourceBucket}/sources/${name}`;
      }
      const input = await stack.prepareFile(name, size, source);
      const heartbeats: unknown[] = [];
      const env = new MockActivityEnvironment();
      env.on('heartbeat', (details: unknown) => heartbeats.push(details));

      const result = await run(input, env);

      expect(result).toEqual({ bytes: size, md5, parts, resumedParts: 0 });
      const stored = await stack.readBack(input);
      expect(stored.size).toBe(size);
      expect(stored.md5).toBe(md5);
      expect(stored.key).toBe(`Transfers/${name}`);
      // One heartbeat per committed part, and one after completion.
      expect(heartbeats).toHaveLength(parts + 1);
    });
  });

  it('reports job progress in bytes', async () => {
    const size = 12 * mebibyte;
    const { path } = await sourceFile('progress.bin', size);
    const input = await stack.prepareFile('progress.bin', size, `file://${path}`);

    await run(input);

    const job = await stack.client.updateJob(input.jobId, {});
    expect(job.progress_processed).toBe(size);
    expect(job.progress_total).toBe(size);
    expect(job.status).toBe('STARTED');
  });

  it('recovers from expired part URLs', async () => {
    const size = 3 * testPartSize + 100;
    const { path, md5 } = await sourceFile('expired.bin', size);
    const input = await stack.prepareFile('expired.bin', size, `file://${path}`);
    await stack.armFault({ method: 'GET', path: '/API/files/v1/assets/*/files/*/multipart_url/part/', mode: 'expired_upload_url', count: 1 });
    const putsBefore = stack.proxy.partPuts.length;

    const result = await run(input);

    expect(result.md5).toBe(md5);
    expect((await stack.readBack(input)).md5).toBe(md5);
    const puts = stack.proxy.partPuts.slice(putsBefore);
    expect(puts.filter((put) => put.status === 403).length).toBeGreaterThanOrEqual(1);
    expect(puts.filter((put) => put.status === 200).map((put) => put.partNumber).sort()).toEqual([1, 2, 3, 4]);
    expect(stack.logLines.some((line) => line.includes('S3 part URL expired, fetching fresh part URLs'))).toBe(true);
  });

  it('recovers from an expired target', async () => {
    const size = 1000;
    const { path, md5 } = await sourceFile('expired-target.bin', size);
    const input = await stack.prepareFile('expired-target.bin', size, `file://${path}`);
    await stack.armFault({ method: 'GET', path: '/API/files/v1/assets/*/files/*/', mode: 'expired_upload_url', count: 1 });

    const result = await run(input);

    expect(result.md5).toBe(md5);
    expect((await stack.readBack(input)).md5).toBe(md5);
    expect(stack.logLines.some((line) => line.includes('S3 upload target expired, fetching a fresh one'))).toBe(true);
  });

  it('retries a 503 burst on parts', async () => {
    const size = 2 * testPartSize;
    const { path, md5 } = await sourceFile('slowdown.bin', size);
    const input = await stack.prepareFile('slowdown.bin', size, `file://${path}`);
    const putsBefore = stack.proxy.partPuts.length;
    stack.proxy.failNextPartPuts = 3;

    const result = await run(input);

    expect(result.md5).toBe(md5);
    expect((await stack.readBack(input)).md5).toBe(md5);
    const puts = stack.proxy.partPuts.slice(putsBefore);
    expect(puts.filter((put) => put.status === 503)).toHaveLength(3);
    expect(puts.filter((put) => put.status === 200)).toHaveLength(2);
  });

  it('fails the attempt on persistent 503', async () => {
    const size = 100;
    const { path } = await sourceFile('always-503.bin', size);
    const input = await stack.prepareFile('always-503.bin', size, `file://${path}`);
    stack.proxy.failNextPartPuts = 4;

    const failure = await run(input).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(ApplicationFailure);
    expect((failure as Error).message).toBe('S3 UploadPart of part 1 after 4 attempts failed: the storage returned 503 SlowDown (Please reduce your request rate.)');
    expect(stack.proxy.failNextPartPuts).toBe(0);
  });

  it('rejects a source outside the root', async () => {
    const input = await stack.prepareFile('outside.bin', 10, 'file:///etc/hostname');

    const failure = (await run(input).catch((error: unknown) => error)) as ApplicationFailure;

    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.type).toBe('SourceOutsideRoot');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('/etc/hostname');
    expect(failure.message).toContain(stack.sourceRoot);
  });

  it('rejects a source size mismatch', async () => {
    const { path } = await sourceFile('mismatch.bin', 500);
    const input = await stack.prepareFile('mismatch.bin', 501, `file://${path}`);

    const failure = (await run(input).catch((error: unknown) => error)) as ApplicationFailure;

    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.type).toBe('SourceSizeMismatch');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('has 500 bytes but the package declares 501');
  });

  it('rejects an unsupported storage method', async () => {
    const { path } = await sourceFile('gateway.bin', 10);
    const input = await stack.prepareFile('gateway.bin', 10, `file://${path}`);
    const gcsClient = stack.deps().createIconikClient({ baseUrl: stack.simulatorUrl, appId: fixtureTokens.power.appId, token: fixtureTokens.power.token });
    const { transferFile } = createTransferActivities(
      stack.deps({
        createIconikClient: () => {
          const client = gcsClient;
          const getFile = client.getFile.bind(client);
          client.getFile = async (...args) => ({ ...(await getFile(...args)), storage_method: 'FILE' });
          return client;
        },
      }),
    );

    const failure = (await new MockActivityEnvironment().run(transferFile, input).catch((error: unknown) => error)) as ApplicationFailure;

    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.type).toBe('UnsupportedStorageMethod');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('storage method FILE is not supported');
  });

  it('resumes without resending committed parts', async () => {
    const size = 6 * testPartSize;
    const { path, md5 } = await sourceFile('resume.bin', size);
    const input = await stack.prepareFile('resume.bin', size, `file://${path}`);
    const first = new MockActivityEnvironment();
    const heartbeats: unknown[] = [];
    first.on('heartbeat', (details: unknown) => {
      heartbeats.push(details);
      if (heartbeats.length === 3) first.cancel();
    });
    const { transferFile } = createTransferActivities(stack.deps({ transfer: { partsInFlight: 1, minPartSizeBytes: testPartSize } }));
    await expect(first.run(transferFile, input)).rejects.toThrow();
    const token = heartbeats.at(-1);
    const putsBefore = stack.proxy.partPuts.length;

    const result = await new MockActivityEnvironment({ attempt: 2, heartbeatDetails: token }).run(transferFile, input);

    expect(result).toEqual({ bytes: size, md5, parts: 6, resumedParts: 3 });
    const secondAttempt = stack.proxy.partPuts.slice(putsBefore).filter((put) => put.status === 200).map((put) => put.partNumber);
    expect(secondAttempt.sort()).toEqual([4, 5, 6]);
    expect((await stack.readBack(input)).md5).toBe(md5);
  });

  it('logs no signed URL or token', () => {
    const joined = stack.logLines.join('\n');

    expect(stack.logLines.length).toBeGreaterThan(20);
    expect(joined).not.toMatch(/X-Amz-Signature|X-Amz-Credential|uploadId=/i);
    expect(joined).not.toContain(fixtureTokens.power.token);
    expect(joined).not.toContain('minioadmin');
    for (const line of stack.logLines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry.msg === 'file transfer completed') {
        expect(entry).toEqual(expect.objectContaining({ deliveryId: 'delivery-1', packageId: 'package-1', assetId: expect.any(String), fileId: expect.any(String), path: expect.any(String) }));
      }
    }
  });
});
