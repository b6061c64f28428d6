import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logging/logger';
import { createPingActivities } from '../../src/activities/ping';
import { createWorker, workerIdentity } from '../../src/workers/create-worker';
import { installRuntimeLogger } from '../../src/workers/runtime';
import { workflowBundlePath } from './workflow-bundle';

/** A client and a worker on a task queue of its own, against the local stack's Temporal server. */
export interface TemporalHarness {
  client: Client;
  worker: Worker;
  taskQueue: string;
  close(): Promise<void>;
}

let runtimeInstalled = false;

export async function startTemporalHarness(): Promise<TemporalHarness> {
  const { temporal } = loadConfig();
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'warn', name: 'test-worker' });
  if (!runtimeInstalled) {
    installRuntimeLogger(logger);
    runtimeInstalled = true;
  }
  const taskQueue = `test-${randomUUID()}`;
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, namespace: temporal.namespace });
  const workerConnection = await NativeConnection.connect({ address: temporal.address });
  const worker = await createWorker({
    connection: workerConnection,
    namespace: temporal.namespace,
    taskQueue,
    activities: createPingActivities({ logger, workerIdentity: workerIdentity() }),
    workflows: true,
    workflowBundle: { codePath: workflowBundlePath() },
  });
  return {
    client,
    worker,
    taskQueue,
    async close() {
      await connection.close();
      await workerConnection.close();
    },
  };
}
