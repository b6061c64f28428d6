// The delivery's workers in a process of their own, so the bench measures
// their memory alone. It builds the same control and transfer workers as
// src/workers/main.ts, but loads a workflow bundle made once by the bench
// (argument 1) instead of bundling the workflow code at every start.
// Argument 2 is the Iconik request rate; the bench lifts it above Iconik's
// limit, which the configuration does not allow, only for the simulator.
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logging/logger';
import { createWorker } from '../../src/workers/create-worker';
import { installRuntimeLogger } from '../../src/workers/runtime';
import { openWorkerServices } from '../../src/workers/services';

/** Transfers one worker runs at the same time; src/workers/main.ts uses the same number. */
export const transfersPerWorker = 4;

async function main(): Promise<void> {
  const bundlePath = process.argv[2];
  if (bundlePath === undefined) throw new Error('missing argument: the path of the workflow bundle made by the bench');
  const rate = Number(process.argv[3]);
  if (!(rate > 0)) throw new Error(`invalid Iconik request rate "${process.argv[3]}": pass the requests per second as argument 2`);
  const config = { ...loadConfig(), iconik: { requestsPerSecond: rate } };
  const logger = createLogger({ level: config.logLevel, name: 'bench-worker' });
  installRuntimeLogger(logger);
  const services = await openWorkerServices(config, logger);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  try {
    const control = await createWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      activities: services.control,
      workflows: true,
      maxCachedWorkflows: config.worker.maxCachedWorkflows,
      workflowBundle: { codePath: bundlePath },
    });
    const transfer = await createWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.transferTaskQueue,
      activities: services.transfer,
      workflows: false,
      maxConcurrentActivityTaskExecutions: transfersPerWorker,
    });
    const running = Promise.all([control.run(), transfer.run()]);
    process.send?.({ ready: true });
    // The bench stops the process with SIGTERM, which shuts both workers down.
    await running;
  } finally {
    await connection.close();
    await services.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
