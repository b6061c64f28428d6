import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config';
import { createIconikClientFactory } from '../iconik/factory';
import { createTokenCipher } from '../integrations/crypto/token-cipher';
import { openIntegrationStore } from '../integrations/store';
import type { Logger } from '../logging/logger';
import { notificationDependenciesFromConfig } from '../notifications';
import { openPackageStore } from '../packages';
import { createFileSourceReader, createHttpSourceReader, createS3SourceReader, createSourceOpener, MemoryBudget } from '../transfer';
import { createControlActivities, createTransferQueueActivities } from '../activities';
import { workerIdentity } from './create-worker';

/** Everything a worker process's activities use, opened once from the configuration. */
export async function openWorkerServices(config: Config, logger: Logger) {
  const integrationStore = await openIntegrationStore(config.integrations, { logger });
  const packageStore = await openPackageStore(config.integrations.database, { logger });
  const connection = await Connection.connect({ address: config.temporal.address });
  const temporal = new Client({ connection, namespace: config.temporal.namespace });
  const createIconikClient = createIconikClientFactory({ logger, requestsPerSecond: config.iconik.requestsPerSecond });
  const notifications = notificationDependenciesFromConfig(config.notifications, { logger, integrations: integrationStore.repository });

  const deliveryDependencies = {
    integrations: integrationStore.repository,
    packages: packageStore.repository,
    createIconikClient,
    temporal,
    taskQueue: config.temporal.taskQueue,
    logger,
  };
  const transferDependencies = {
    logger,
    integrations: integrationStore.repository,
    createIconikClient,
    sources: createSourceOpener([
      createFileSourceReader({ root: config.sources.fileRoot }),
      createS3SourceReader(config.sources.s3),
      createHttpSourceReader({ logger }),
    ]),
    transfer: config.transfer,
    memoryBudget: new MemoryBudget(config.transfer.memoryBudgetBytes),
    tokenCipher: createTokenCipher(config.integrations.encryptionKeys),
  };
  const control = createControlActivities({ logger, workerIdentity: workerIdentity(), delivery: deliveryDependencies, notifications });
  const transfer = createTransferQueueActivities(transferDependencies);

  return {
    control,
    transfer,
    deliveryDependencies,
    transferDependencies,
    temporal,
    integrations: integrationStore.repository,
    packages: packageStore.repository,
    async close() {
      notifications.mailer.close();
      await connection.close();
      await packageStore.close();
      await integrationStore.close();
    },
  };
}
