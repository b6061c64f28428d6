import { loadConfig } from '../config';
import { createIconikClientFactory } from '../iconik/factory';
import type { DeliveryStarter } from '../domain/delivery';
import { openIntegrationStore } from '../integrations/store';
import { createLogger } from '../logging/logger';
import { openPackageStore } from '../packages/store';
import { buildApiServer } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'api' });
  const store = await openIntegrationStore(config.integrations, { logger });
  const packageStore = await openPackageStore(config.integrations.database, { logger });
  const app = await buildApiServer({
    logger,
    adminToken: config.api.adminToken,
    integrations: store.repository,
    createIconikClient: createIconikClientFactory({ logger, requestsPerSecond: config.iconik.requestsPerSecond }),
    packageIntake: { packages: packageStore.repository, deliveries: unwiredDeliveryStarter, webhookSecret: config.webhooks.secret },
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'API stopping');
      void app.close().then(() => Promise.all([store.close(), packageStore.close()]));
    });
  }
  await app.listen({ host: config.api.host, port: config.api.port });
}

// TODO: replace with the Temporal delivery starter. Until then a webhook
// stores its package but returns 503 while an integration serves its portal.
const unwiredDeliveryStarter: DeliveryStarter = {
  start: ({ integrationId, packageId }) =>
    Promise.reject(new Error(`deliveries are not wired yet: package ${packageId} was not started for integration ${integrationId}`)),
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
