import fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../logging/logger';
import { registerAdminRoutes } from './admin-routes';
import { createChannelDirectory, type ChannelDirectory } from './channels';
import { registerPostMessage } from './post-message';
import { createStandinState, type StandinState } from './state';

export interface SlackStandinOptions {
  /** The bot token that chat.postMessage accepts. */
  token: string;
  /** Channel names the app is a member of. */
  channels: string[];
  /** Channel names that exist but that the app is not a member of. */
  channelsWithoutApp: string[];
  logger: Logger;
}

export interface SlackStandin {
  app: FastifyInstance;
  state: StandinState;
  channels: ChannelDirectory;
}

/**
 * Builds the Slack stand-in: a local HTTP server that responds to Slack Web API
 * `chat.postMessage` calls in Slack's format, so the notification code runs
 * unchanged against it. It has no other Slack method.
 */
export function createSlackStandin(options: SlackStandinOptions): SlackStandin {
  const state = createStandinState();
  const channels = createChannelDirectory(options);
  // Typed as Fastify's base logger so the instance has Fastify's default type parameters.
  const baseLogger: FastifyBaseLogger = options.logger;
  const app = fastify({ loggerInstance: baseLogger });

  // Slack clients send form bodies by default; Fastify parses only JSON itself.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  registerPostMessage(app, { token: options.token, channels, state, logger: options.logger });
  registerAdminRoutes(app, { state, channels });
  return { app, state, channels };
}
