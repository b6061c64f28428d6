import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { loadConfig } from '../../src/config';
import { createTransferActivities, type TransferResult } from '../../src/transfer';
import { prepareFileOn, readBackOn } from './methods/support/method-files';
import { writeRandomFile } from './support/random-file';
import type { PartMethod, PartPut } from './support/storage-proxy';
import { startTransferStack, testPartSize, type TransferStack } from './support/transfer-stack';

jest.setTimeout(180_000);

/**
 * GCS and AZURE query the storage when they resume (the session's
 * committed offset, the uncommitted block list), so every stored part
 * counts as committed. S3 and B2 resume from the heartbeated token, so a
 * part stored after the last recorded heartbeat is sent again.
 */
const methods: { method: PartMethod; readsStorageOnResume: boolean }[] = [
  { method: 'S3', readsStorageOnResume: false },
  { method: 'GCS', readsStorageOnResume: true },
  { method: 'AZURE', readsStorageOnResume: true },
  { method: 'B2', readsStorageOnResume: false },
];

const partCount = 8;
const size = partCount * testPartSize;

const numbers = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index);

describe('transferFile in a real worker', () => {
  let stack: TransferStack;
  let bundle: WorkflowBundleWithSourceMap;
  let connection: Connection;
  let client: Client;
  let workerConnection: NativeConnection;

  beforeAll(async () => {
    // Read permission on the upload SAS lets an Azure resume list the staged blocks.
    stack = await startTransferStack({ azureUploadSasPermissions: 'rcw' });
    const { temporal } = loadConfig();
    bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./support/transfer-workflow'),
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
    });
    connection = await Connection.connect({ address: temporal.address });
    client = new Client({ connection, namespace: temporal.namespace });
    workerConnection = await NativeConnection.connect({ address: temporal.address });
  });

  afterAll(async () => {
    await connection?.close();
    await workerConnection?.close();
    await stack?.close();
  });

  function createTestWorker(taskQueue: string): Promise<Worker> {
    return Worker.create({
      connection: workerConnection,
      namespace: loadConfig().temporal.namespace,
      taskQueue,
      workflowBundle: bundle,
      activities: createTransferActivities(stack.deps({ transfer: { partsInFlight: 1, minPartSizeBytes: testPartSize, b2SingleUploadMaxBytes: testPartSize } })),
    });
  }

  it.each(methods)('resumes $method after worker shutdown', async ({ method, readsStorageOnResume }) => {
    const name = `worker-resume-${method}.bin`;
    const path = join(stack.sourceRoot, name);
    const md5 = await writeRandomFile(path, size);
    const input = await prepareFileOn(stack, method, name, size, `file://${path}`);
    const proxy = stack.proxies[method];
    const start = proxy.partPuts.length;
    const partsOfThisFile = (): PartPut[] => proxy.partPuts.slice(start).filter((put) => put.method === method);
    const taskQueue = `transfer-test-${randomUUID()}`;
    proxy.partDelayMs = 300;

    const first = await createTestWorker(taskQueue);
    const firstRun = first.run();
    const handle = await client.workflow.start('transferFileWorkflow', { taskQueue, workflowId: `transfer-${randomUUID()}`, args: [input] });
    await waitFor(() => (partsOfThisFile().filter((put) => put.stored).length >= 4 ? true : undefined));
    first.shutdown();
    await firstRun;

    const sealed = await waitFor(async () => {
      const pending = (await handle.describe()).raw.pendingActivities?.[0];
      const payload = pending?.heartbeatDetails?.payloads?.[0];
      return pending !== undefined && (pending.attempt ?? 0) >= 2 && payload != null ? defaultPayloadConverter.fromPayload<unknown>(payload) : undefined;
    });
    const beforeRestart = partsOfThisFile();
    proxy.partDelayMs = 0;

    const second = await createTestWorker(taskQueue);
    const result = await second.runUntil(handle.result() as Promise<TransferResult>);
    const afterRestart = partsOfThisFile().slice(beforeRestart.length);

    // The history contains the resume token encrypted: no URL, upload id or storage token in clear.
    expect(Object.keys(sealed as object)).toEqual(['sealed']);
    expect(JSON.stringify(sealed)).not.toMatch(/https?:|upload_?id|authorization|sig=/i);

    // Worker A stored parts 1..j in order, each once, and was stopped mid-file.
    const storedBefore = beforeRestart.filter((put) => put.stored).map((put) => put.partNumber);
    const j = storedBefore.length;
    expect(storedBefore).toEqual(numbers(1, j));
    expect(j).toBeGreaterThanOrEqual(4);
    expect(j).toBeLessThan(partCount);

    // Worker B resumed k parts and sent exactly parts k+1..8, each once, all stored.
    const k = result.resumedParts;
    expect(result).toEqual({ bytes: size, md5, parts: partCount, resumedParts: k });
    if (readsStorageOnResume) expect(k).toBe(j);
    else {
      expect(k).toBeGreaterThanOrEqual(1);
      expect(k).toBeLessThanOrEqual(j);
    }
    expect(afterRestart.map((put) => put.partNumber)).toEqual(numbers(k + 1, partCount));
    expect(afterRestart.every((put) => put.stored)).toBe(true);
    expect(afterRestart.map((put) => put.bytes)).toEqual(numbers(k + 1, partCount).map(() => testPartSize));
    if (method === 'GCS') expect(afterRestart.map((put) => put.firstByte)).toEqual(numbers(k + 1, partCount).map((number) => (number - 1) * testPartSize));

    // Every part was stored, and the resumed ones only once, all in one upload.
    const stored = partsOfThisFile().filter((put) => put.stored);
    for (const number of numbers(1, k)) expect(stored.filter((put) => put.partNumber === number)).toHaveLength(1);
    expect(stored).toHaveLength(j + partCount - k);
    expect(new Set(partsOfThisFile().map((put) => put.uploadId)).size).toBe(1);

    if (method === 'AZURE') expect(stack.logLines.filter((line) => line.includes('Azure staged blocks read') && line.includes(`"stagedBlocks":${k}`))).toHaveLength(1);

    const object = await readBackOn(stack, method, input);
    expect(object.size).toBe(size);
    expect(object.md5).toBe(md5);
  });
});

/** Polls `probe` every 100 ms until it returns a value, for at most 60 seconds. */
async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (let waited = 0; waited < 60_000; waited += 100) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the condition was not met within 60 seconds');
}
