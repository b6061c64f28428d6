import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config';
import { createDeliveryControl } from '../deliveries/control';
import { deliveryOptionsFromConfig } from '../deliveries/options';
import { createTemporalDeliveryStarter } from '../deliveries/temporal-starter';
import { createIconikClientFactory } from '../iconik/factory';
import { openIntegrationStore } from '../integrations/store';
import { createLogger } from '../logging/logger';
import { openPackageStore } from '../packages/store';
import { buildApiServer } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'api' });
  const store = await openIntegrationStore(config.integrations, { logger });
  const packageStore = await openPackageStore(config.integrations.database, { logger });
  const connection = await Connection.connect({ address: config.temporal.address });
  const temporal = new Client({ connection, namespace: config.temporal.namespace });
  const starter = createTemporalDeliveryStarter({ client: temporal, taskQueue: config.temporal.taskQueue, options: deliveryOptionsFromConfig(config), logger });
  const app = await buildApiServer({
    logger,
    adminToken: config.api.adminToken,
    integrations: store.repository,
    createIconikClient: createIconikClientFactory({ logger, requestsPerSecond: config.iconik.requestsPerSecond }),
    packageIntake: { packages: packageStore.repository, deliveries: starter, webhookSecret: config.webhooks.secret },
    deliveries: createDeliveryControl(temporal),
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'API stopping');
      void app.close().then(() => Promise.all([store.close(), packageStore.close(), connection.close()]));
    });
  }
  await app.listen({ host: config.api.host, port: config.api.port });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
