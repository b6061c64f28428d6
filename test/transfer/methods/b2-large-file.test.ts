import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createTransferActivities, type TransferDependencies, type TransferInput, type TransferResult } from '../../../src/transfer';
import { RecordingAgent } from '../../support/recording-agent';
import { writeRandomFile } from '../support/random-file';
import { startTransferStack, testPartSize, type TransferStack } from '../support/transfer-stack';
import { prepareFileOn, readBackOn } from './support/method-files';

jest.setTimeout(120_000);

/** Four parts: three of 5 MiB and a last one of 12,345 bytes. */
const size = 3 * testPartSize + 12_345;
const partBytes = [testPartSize, testPartSize, testPartSize, 12_345];

describe('B2 large file recovery', () => {
  let stack: TransferStack;
  let agent: RecordingAgent;

  beforeAll(async () => {
    stack = await startTransferStack();
    agent = new RecordingAgent();
  });

  afterAll(async () => {
    await agent.close();
    await stack.close();
  });

  afterEach(() => stack.storage.b2Faults.clear());

  function deps(): TransferDependencies {
    return stack.deps({
      transfer: { partsInFlight: 1, minPartSizeBytes: testPartSize, b2SingleUploadMaxBytes: testPartSize },
      storage: { dispatcher: agent, retry: { maxAttempts: 4, initialDelayMs: 20, maxDelayMs: 200 } },
    });
  }

  async function prepare(name: string): Promise<{ input: TransferInput; md5: string }> {
    const path = join(stack.sourceRoot, name);
    const md5 = await writeRandomFile(path, size);
    return { input: await prepareFileOn(stack, 'B2', name, size, `file://${path}`), md5 };
  }

  function run(input: TransferInput, env = new MockActivityEnvironment()): Promise<TransferResult> {
    return env.run(createTransferActivities(deps()).transferFile, input);
  }

  /** Returns the B2 part uploads that reached the storage since `start`, in arrival order. */
  function partsSince(start: number) {
    return stack.proxies.B2.partPuts.slice(start).filter((put) => put.method === 'B2');
  }

  /** Returns the authorization tokens of the part uploads since `start`, in order. */
  function partTokensSince(start: number): (string | undefined)[] {
    return agent.requests
      .slice(start)
      .filter((request) => request.path.includes('/b2_upload_part/'))
      .map((request) => request.headers.authorization);
  }

  function uploadsOfFile(fileId: string) {
    return Object.values(stack.simulator.store.state.multipartUploads).filter((upload) => upload.file_id === fileId);
  }

  const midFileFaults = [
    {
      fault: 'a part token that expires after 2 parts',
      status: 401,
      arm: () => stack.storage.b2Faults.expirePartTokenAfter(2),
    },
    {
      fault: 'too busy on part 3',
      status: 503,
      // Armed once part 2 is committed, so that the next upload, part 3, meets it.
      arm: (env: MockActivityEnvironment) => {
        let heartbeats = 0;
        env.on('heartbeat', () => {
          heartbeats += 1;
          if (heartbeats === 2) stack.storage.b2Faults.failNext('too_busy', 1);
        });
      },
    },
  ];

  it.each(midFileFaults)('continues the large file after $fault', async ({ status, arm }) => {
    const { input, md5 } = await prepare(`b2-mid-file-${status}.bin`);
    const partsStart = stack.proxies.B2.partPuts.length;
    const requestsStart = agent.requests.length;
    const env = new MockActivityEnvironment();
    arm(env);

    const result = await run(input, env);

    expect(result).toEqual({ bytes: size, md5, parts: 4, resumedParts: 0 });
    const parts = partsSince(partsStart);
    expect(parts.map((put) => put.partNumber)).toEqual([1, 2, 3, 3, 4]);
    expect(parts.map((put) => put.status)).toEqual([200, 200, status, 200, 200]);
    expect(parts.map((put) => put.bytes)).toEqual([testPartSize, testPartSize, testPartSize, testPartSize, 12_345]);
    // One large file took every part: the file was not restarted.
    expect(new Set(parts.map((put) => put.uploadId)).size).toBe(1);
    const [first, second, third, retry, last] = partTokensSince(requestsStart);
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(retry).not.toBe(first);
    expect(last).toBe(retry);

    const uploads = uploadsOfFile(input.fileId);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]?.upload_id).toBe(parts[0]?.uploadId);
    expect(uploads[0]?.state).toBe('FINISHED');
    expect(stack.storage.b2LargeFiles.activeLargeFiles().filter((file) => file.fileId === parts[0]?.uploadId)).toEqual([]);
    const stored = await readBackOn(stack, 'B2', input);
    expect(stored.size).toBe(size);
    expect(stored.md5).toBe(md5);
  });

  it('cancels a large file that a resume cannot continue', async () => {
    const { input, md5 } = await prepare('b2-replaced.bin');
    const partsStart = stack.proxies.B2.partPuts.length;
    const first = new MockActivityEnvironment();
    const heartbeats: unknown[] = [];
    first.on('heartbeat', (details: unknown) => {
      heartbeats.push(details);
      if (heartbeats.length === 2) first.cancel();
    });
    await expect(run(input, first)).rejects.toThrow();
    const abandoned = partsSince(partsStart)[0]?.uploadId ?? '';
    const before = stack.storage.b2LargeFiles.activeLargeFiles().find((file) => file.fileId === abandoned);
    expect(before?.partNumbers).toEqual([1, 2]);
    const abandonedDir = join(stack.b2Dir, before?.bucket ?? '', 'large-files', abandoned);
    expect(existsSync(abandonedDir)).toBe(true);
    const resumeStart = stack.proxies.B2.partPuts.length;
    // B2 rejects the heartbeated part token, so no part can be added to that large file any more.
    stack.storage.b2Faults.failNext('bad_auth_token', 1);

    const result = await run(input, new MockActivityEnvironment({ attempt: 2, heartbeatDetails: heartbeats.at(-1) }));

    expect(result).toEqual({ bytes: size, md5, parts: 4, resumedParts: 0 });
    const resumed = partsSince(resumeStart);
    expect(resumed.map((put) => put.partNumber)).toEqual([3, 1, 2, 3, 4]);
    expect(resumed.map((put) => put.status)).toEqual([401, 200, 200, 200, 200]);
    expect(resumed.map((put) => put.bytes)).toEqual([testPartSize, ...partBytes]);
    expect(resumed[0]?.uploadId).toBe(abandoned);
    const replacement = resumed[1]?.uploadId ?? '';
    expect(replacement).not.toBe(abandoned);
    expect(new Set(resumed.slice(1).map((put) => put.uploadId))).toEqual(new Set([replacement]));

    // The abandoned large file and its stored parts are gone from the simulated B2.
    expect(stack.storage.b2LargeFiles.activeLargeFiles().map((file) => file.fileId)).not.toContain(abandoned);
    expect(existsSync(abandonedDir)).toBe(false);
    expect(existsSync(join(stack.b2Dir, before?.bucket ?? '', 'large-files', replacement))).toBe(false);
    expect(uploadsOfFile(input.fileId).map((upload) => [upload.upload_id, upload.state])).toEqual([
      [abandoned, 'ABORTED'],
      [replacement, 'FINISHED'],
    ]);
    expect(stack.logLines.filter((line) => line.includes('B2 large file cancelled') && line.includes(abandoned))).toHaveLength(1);
    const stored = await readBackOn(stack, 'B2', input);
    expect(stored.size).toBe(size);
    expect(stored.md5).toBe(md5);
  });

  it('moves to a new large file Iconik starts before any part', async () => {
    const { input, md5 } = await prepare('b2-renewal-new-file.bin');
    const partsStart = stack.proxies.B2.partPuts.length;
    stack.storage.b2Faults.failNext('expired_auth_token', 1);
    stack.storage.b2Faults.startNewOnRenewal(1);

    const result = await run(input);

    expect(result).toEqual({ bytes: size, md5, parts: 4, resumedParts: 0 });
    const parts = partsSince(partsStart);
    expect(parts.map((put) => put.partNumber)).toEqual([1, 1, 2, 3, 4]);
    expect(parts.map((put) => put.status)).toEqual([401, 200, 200, 200, 200]);
    const abandoned = parts[0]?.uploadId ?? '';
    const replacement = parts[1]?.uploadId ?? '';
    expect(replacement).not.toBe(abandoned);
    expect(new Set(parts.slice(1).map((put) => put.uploadId))).toEqual(new Set([replacement]));
    expect(uploadsOfFile(input.fileId).map((upload) => [upload.upload_id, upload.state])).toEqual([
      [abandoned, 'ABORTED'],
      [replacement, 'FINISHED'],
    ]);
    expect(stack.storage.b2LargeFiles.activeLargeFiles().map((file) => file.fileId)).not.toContain(abandoned);
    expect((await readBackOn(stack, 'B2', input)).md5).toBe(md5);
  });

  it('cancels both large files when Iconik replaces one with parts', async () => {
    const { input, md5 } = await prepare('b2-renewal-new-file-after-parts.bin');
    const partsStart = stack.proxies.B2.partPuts.length;
    const first = new MockActivityEnvironment();
    const heartbeats: unknown[] = [];
    first.on('heartbeat', (details: unknown) => heartbeats.push(details));
    stack.storage.b2Faults.expirePartTokenAfter(2);
    stack.storage.b2Faults.startNewOnRenewal(1);

    // Iconik started a new large file in place of renewing the one with parts 1 and 2, so this attempt fails.
    await expect(run(input, first)).rejects.toThrow(/no longer exists on the storage/);
    const [original, started] = uploadsOfFile(input.fileId);
    expect([original?.state, started?.state]).toEqual(['ABORTED', 'ABORTED']);
    expect(stack.storage.b2LargeFiles.activeLargeFiles().filter((file) => file.fileId === original?.upload_id || file.fileId === started?.upload_id)).toEqual([]);

    const result = await run(input, new MockActivityEnvironment({ attempt: 2, heartbeatDetails: heartbeats.at(-1) }));

    expect(result).toEqual({ bytes: size, md5, parts: 4, resumedParts: 0 });
    const parts = partsSince(partsStart);
    // Parts 1-2 and the rejected part 3 on the original file; part 3 with the cancelled file's token; then 1-4 on a third file.
    expect(parts.map((put) => put.partNumber)).toEqual([1, 2, 3, 3, 1, 2, 3, 4]);
    expect(parts.map((put) => put.status)).toEqual([200, 200, 401, 401, 200, 200, 200, 200]);
    const uploads = uploadsOfFile(input.fileId);
    expect(uploads.map((upload) => upload.state)).toEqual(['ABORTED', 'ABORTED', 'FINISHED']);
    expect(parts.slice(0, 4).every((put) => put.uploadId === original?.upload_id)).toBe(true);
    expect(parts.slice(4).every((put) => put.uploadId === uploads[2]?.upload_id)).toBe(true);
    expect((await readBackOn(stack, 'B2', input)).md5).toBe(md5);
  });
});
