// Runs the Iconik simulator on 127.0.0.1: npm run iconik-sim
import { loadConfig } from '../config';
import { createLogger } from '../logging/logger';
import { createKeyframeExtractor } from './keyframes';
import { createSimulatorServer } from './server';
import { createStorageBackends, storageBackendsOptionsFromConfig } from './storage';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'iconik-sim' });
  const origin = `http://127.0.0.1:${config.iconikSim.port}`;
  const storage = createStorageBackends(storageBackendsOptionsFromConfig(config, () => origin, logger));
  const keyframes = createKeyframeExtractor({ backends: storage, logger });
  const server = await createSimulatorServer({ config: config.iconikSim, logger, storage, storagePlugin: storage.routes, keyframes });
  await server.app.listen({ host: '127.0.0.1', port: config.iconikSim.port });
  logger.info({ url: origin, fixture: config.iconikSim.fixtureFile, stateFile: config.iconikSim.stateFile }, 'Iconik simulator started');

  const stop = (signal: string) => {
    logger.info({ signal }, 'Iconik simulator stopping');
    server
      .close()
      .then(() => storage.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'Iconik simulator failed to stop cleanly');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`[iconik-sim] failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
