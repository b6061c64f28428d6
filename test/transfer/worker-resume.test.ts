import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { loadConfig } from '../../src/config';
import { createTransferActivities, type TransferResult } from '../../src/transfer';
import type { SessionToken } from '../../src/transfer/sessions';
import { unpackEtags, type PackedEtags } from '../../src/transfer/sessions/packed-etags';
import { writeRandomFile } from './support/random-file';
import { openToken } from '../../src/transfer/sealed-token';
import { startTransferStack, testPartSize, tokenCipher, type TransferStack } from './support/transfer-stack';

jest.setTimeout(180_000);

describe('transferFile in a real worker', () => {
  let stack: TransferStack;
  let bundle: WorkflowBundleWithSourceMap;
  let connection: Connection;
  let client: Client;
  let workerConnection: NativeConnection;

  beforeAll(async () => {
    stack = await startTransferStack();
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
      activities: createTransferActivities(stack.deps({ transfer: { partsInFlight: 1, minPartSizeBytes: testPartSize } })),
    });
  }

  it('resumes after a worker shutdown without resending parts', async () => {
    const partCount = 8;
    const size = partCount * testPartSize;
    const path = join(stack.sourceRoot, 'worker-resume.bin');
    const md5 = await writeRandomFile(path, size);
    const input = await stack.prepareFile('worker-resume.bin', size, `file://${path}`);
    const taskQueue = `transfer-test-${randomUUID()}`;
    stack.proxy.partDelayMs = 300;

    const first = await createTestWorker(taskQueue);
    const firstRun = first.run();
    const handle = await client.workflow.start('transferFileWorkflow', { taskQueue, workflowId: `transfer-${randomUUID()}`, args: [input] });
    const uploadId = await waitFor(() => {
      const stored = stack.proxy.partPuts.filter((put) => put.status === 200);
      return stored.length >= 4 ? stored[0]?.uploadId : undefined;
    });
    first.shutdown();
    await firstRun;

    const sealed = await waitFor(async () => {
      const pending = (await handle.describe()).raw.pendingActivities?.[0];
      const payload = pending?.heartbeatDetails?.payloads?.[0];
      return pending !== undefined && (pending.attempt ?? 0) >= 2 && payload != null ? defaultPayloadConverter.fromPayload<unknown>(payload) : undefined;
    });
    // The history holds the token encrypted: the upload id appears only after decryption.
    expect(JSON.stringify(sealed)).not.toContain(uploadId);
    const token = openToken(tokenCipher, sealed, input.fileId) as SessionToken;
    expect(token.state).toBeDefined();
    const committed = unpackEtags((token.state as { etags: PackedEtags }).etags, partCount)
      .map((etag, index) => (etag === undefined ? undefined : index + 1))
      .filter((number) => number !== undefined);
    const putsBefore = stack.proxy.partPuts.length;
    stack.proxy.partDelayMs = 0;

    const second = await createTestWorker(taskQueue);
    const result = await second.runUntil(handle.result() as Promise<TransferResult>);

    expect(committed.length).toBeGreaterThanOrEqual(1);
    expect(committed.length).toBeLessThan(partCount);
    expect(result).toEqual({ bytes: size, md5, parts: partCount, resumedParts: committed.length });
    const resent = stack.proxy.partPuts.slice(putsBefore).map((put) => put.partNumber);
    for (const number of committed) expect(resent).not.toContain(number);
    for (const number of committed) expect(stack.proxy.storedPuts(number)).toBe(1);
    expect(stack.proxy.partPuts.every((put) => put.uploadId === uploadId)).toBe(true);
    const stored = await stack.readBack(input);
    expect(stored.size).toBe(size);
    expect(stored.md5).toBe(md5);
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
