import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../config';
import { createLogger } from '../logging/logger';
import { createWorker } from './create-worker';
import { installRuntimeLogger } from './runtime';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'worker' });
  installRuntimeLogger(logger);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  try {
    const worker = await createWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      logger,
    });
    logger.info(
      { address: config.temporal.address, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue },
      'worker started',
    );
    // run() resolves after SIGINT or SIGTERM, once in-flight tasks are done.
    await worker.run();
    logger.info('worker stopped');
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
