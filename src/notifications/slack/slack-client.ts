import { format } from 'node:util';
import { LogLevel, WebClient, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../../logging/logger';
import { slackFailure } from './slack-errors';
import type { SlackMessage } from './status-message';

/** Location of a posted Slack message: the channel id and the message timestamp, which together identify it. */
export interface PostedSlackMessage {
  channel: string;
  ts: string;
}

/** Posts messages to Slack channels with one bot token. */
export interface SlackPoster {
  /** Posts the message. A failure is raised as a Temporal ApplicationFailure whose `nonRetryable` flag states whether a retry can help. */
  postMessage(channel: string, message: SlackMessage): Promise<PostedSlackMessage>;
}

export interface SlackPosterOptions {
  token: string;
  /** Base URL of the Web API, for example `https://slack.com/api/`. */
  apiUrl: string;
  logger: Logger;
}

/**
 * Creates a poster on Slack's Web API client. The client itself neither
 * retries nor waits out rate limits, because Temporal retries the activity
 * and honours Retry-After through the failure's next retry delay.
 */
export function createSlackPoster(options: SlackPosterOptions): SlackPoster {
  const client = new WebClient(options.token, {
    slackApiUrl: options.apiUrl,
    logger: slackLogger(options.logger.child({ component: 'slack-web-api' })),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 15_000,
  });

  return {
    async postMessage(channel, message) {
      try {
        const result = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
        return { channel: result.channel ?? channel, ts: result.ts ?? '' };
      } catch (error) {
        throw slackFailure(error, channel);
      }
    },
  };
}

// Routes the Slack client's own log lines into pino, whose level applies. The
// client replaces tokens and Authorization headers with [[REDACTED]] in what it logs.
function slackLogger(logger: Logger): SlackLogger {
  return {
    debug: (...parts: unknown[]) => logger.debug(format(...parts)),
    info: (...parts: unknown[]) => logger.info(format(...parts)),
    warn: (...parts: unknown[]) => logger.warn(format(...parts)),
    error: (...parts: unknown[]) => logger.error(format(...parts)),
    setLevel: () => undefined,
    getLevel: () => slackLevelOf(logger),
    setName: () => undefined,
  };
}

function slackLevelOf(logger: Logger): LogLevel {
  if (logger.isLevelEnabled('debug')) return LogLevel.DEBUG;
  if (logger.isLevelEnabled('info')) return LogLevel.INFO;
  if (logger.isLevelEnabled('warn')) return LogLevel.WARN;
  return LogLevel.ERROR;
}
