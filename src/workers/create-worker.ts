import { hostname } from 'node:os';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Logger } from '../logging/logger';

export interface WorkerSettings {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  logger: Logger;
  /** A bundle made once by `bundleWorkflowCode`; without it the worker bundles the workflow code itself. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

/** Creates a worker that runs the delivery workflows and their activities on one task queue. */
export async function createWorker(settings: WorkerSettings): Promise<Worker> {
  const identity = `${process.pid}@${hostname()}`;
  const workflowSource = settings.workflowBundle
    ? { workflowBundle: settings.workflowBundle }
    : { workflowsPath: require.resolve('../workflows') };

  return Worker.create({
    connection: settings.connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    identity,
    ...workflowSource,
    activities: createActivities({ logger: settings.logger, workerIdentity: identity }),
  });
}
