import { loadConfig } from '../config';
import { createIconikClientFactory } from '../iconik/factory';
import { openIntegrationStore } from '../integrations/store';
import { createLogger } from '../logging/logger';
import { buildApiServer } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'api' });
  const store = await openIntegrationStore(config.integrations, { logger });
  const app = await buildApiServer({
    logger,
    adminToken: config.api.adminToken,
    integrations: store.repository,
    createIconikClient: createIconikClientFactory({ logger, requestsPerSecond: config.iconik.requestsPerSecond }),
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'API stopping');
      void app.close().then(() => store.close());
    });
  }
  await app.listen({ host: config.api.host, port: config.api.port });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
