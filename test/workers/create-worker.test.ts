import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../../src/config';
import { createWorker } from '../../src/workers/create-worker';
import { workflowBundlePath } from '../support/workflow-bundle';

describe('createWorker', () => {
  let connection: NativeConnection;

  beforeAll(async () => {
    connection = await NativeConnection.connect({ address: loadConfig().temporal.address });
  });

  afterAll(async () => {
    await connection.close();
  });

  it('bounds the control worker workflow cache', async () => {
    const worker = await createWorker({
      connection,
      namespace: loadConfig().temporal.namespace,
      taskQueue: 'create-worker-test',
      activities: {},
      workflows: true,
      workflowBundle: { codePath: workflowBundlePath() },
      maxCachedWorkflows: 7,
    });
    expect(worker.options.maxCachedWorkflows).toBe(7);
    await worker.runUntil(Promise.resolve());
  });
});
