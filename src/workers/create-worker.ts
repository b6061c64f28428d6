import { hostname } from 'node:os';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';

export interface WorkerSettings {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** The activities this worker runs, built by the caller from its dependencies. */
  activities: object;
  /** Whether this worker also runs workflows; the transfer queue's workers run activities only. */
  workflows: boolean;
  /** A bundle made once by `bundleWorkflowCode`; without it the worker bundles the workflow code itself. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  maxConcurrentActivityTaskExecutions?: number;
  /** Workflow runs kept in memory, for a worker that runs workflows. */
  maxCachedWorkflows?: number;
}

/** Returns this process's worker identity, which activities record in their logs. */
export function workerIdentity(): string {
  return `${process.pid}@${hostname()}`;
}

/** Creates a worker on one task queue. */
export async function createWorker(settings: WorkerSettings): Promise<Worker> {
  const workflowSource = !settings.workflows
    ? {}
    : settings.workflowBundle
      ? { workflowBundle: settings.workflowBundle }
      : { workflowsPath: require.resolve('../workflows') };

  return Worker.create({
    connection: settings.connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    identity: workerIdentity(),
    ...workflowSource,
    activities: settings.activities,
    maxConcurrentActivityTaskExecutions: settings.maxConcurrentActivityTaskExecutions,
    ...(settings.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: settings.maxCachedWorkflows }),
  });
}
