import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../config';
import { createLogger } from '../logging/logger';
import { createWorker } from './create-worker';
import { missingMemorySettings } from './memory-settings';
import { installRuntimeLogger } from './runtime';
import { openWorkerServices } from './services';

/**
 * Runs two workers in one process: the control worker (workflows, Iconik
 * calls, naming, notifications) and the transfer worker (file bytes), each
 * on its own task queue so they can be scaled apart.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'worker' });
  installRuntimeLogger(logger);
  const missing = missingMemorySettings(process.execArgv, process.env);
  if (missing.length > 0) {
    logger.warn({ missing }, `the worker started without its memory settings, so it may hold up to about 90 MiB more than it needs: start it with ${missing.join(' and ')}, as the Dockerfile and npm run start:worker do`);
  }
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
    });
    const transfer = await createWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.transferTaskQueue,
      activities: services.transfer,
      workflows: false,
      // Each transfer holds about (parts in flight + 1) x part size in memory.
      maxConcurrentActivityTaskExecutions: 4,
    });
    logger.info(
      { address: config.temporal.address, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue, transferTaskQueue: config.temporal.transferTaskQueue },
      'workers started',
    );
    // run() resolves after SIGINT or SIGTERM, once in-flight tasks are done.
    await Promise.all([control.run(), transfer.run()]);
    logger.info('workers stopped');
  } finally {
    await connection.close();
    await services.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
