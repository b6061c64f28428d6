// Runs the Slack stand-in on 127.0.0.1: npm run slack-standin
import { loadConfig } from '../config';
import { createLogger } from '../logging/logger';
import { createSlackStandin } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'slack-standin' });
  const { app, channels } = createSlackStandin({ ...config.slackStandin, logger });
  await app.listen({ host: '127.0.0.1', port: config.slackStandin.port });
  logger.info(
    { url: `http://127.0.0.1:${config.slackStandin.port}/api/`, channels: channels.list().map((channel) => `${channel.name}=${channel.id}`) },
    'Slack stand-in started',
  );

  const stop = (signal: string) => {
    logger.info({ signal }, 'Slack stand-in stopping');
    app
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'Slack stand-in failed to stop cleanly');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`[slack-standin] failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
