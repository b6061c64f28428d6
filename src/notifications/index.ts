import type { Config } from '../config';
import type { IntegrationRepository } from '../integrations/repository';
import type { Logger } from '../logging/logger';
import type { NotificationDependencies } from './activities';
import { createSmtpMailer } from './email/mailer';
import { smtpSecretsOf } from './email/smtp-errors';
import { createSlackPoster } from './slack/slack-client';

export { createNotificationActivities } from './activities';
export type { ArrivalEmailInput, EmailResult, NotificationActivities, NotificationDependencies, SlackResult, StatusNotificationInput } from './activities';
export type { Mailer } from './email/mailer';
export type { SlackPoster } from './slack/slack-client';

/**
 * Builds the notification activities' dependencies from the configuration:
 * an SMTP mailer, and a Slack poster when SLACK_BOT_TOKEN is set. Call
 * `mailer.close()` when the worker stops.
 */
export function notificationDependenciesFromConfig(
  config: Config['notifications'],
  deps: { logger: Logger; integrations: Pick<IntegrationRepository, 'get'> },
): NotificationDependencies {
  const logger = deps.logger.child({ component: 'notifications' });
  const mailer = createSmtpMailer(config.smtpUrl);
  const slack = config.slack.botToken === undefined ? null : createSlackPoster({ token: config.slack.botToken, apiUrl: config.slack.apiUrl, logger });
  logger.info({ smtpServer: mailer.server, slack: slack === null ? 'off' : new URL(config.slack.apiUrl).host }, 'notifications configured');
  const secrets = [...smtpSecretsOf(config.smtpUrl), ...(config.slack.botToken === undefined ? [] : [config.slack.botToken])];
  return { mailer, slack, integrations: deps.integrations, logger, emailFrom: config.emailFrom, secrets };
}
