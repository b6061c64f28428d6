import { createHash } from 'node:crypto';
import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { DeliverySummary } from '../domain/delivery';
import type { Package } from '../domain/package';
import { IntegrationValidationError } from '../integrations/errors';
import type { IntegrationRepository } from '../integrations/repository';
import type { Integration } from '../integrations/types';
import type { Logger } from '../logging/logger';
import { arrivalEmail } from './email/arrival-email';
import type { EmailContent } from './email/email-content';
import type { Mailer } from './email/mailer';
import { smtpFailure } from './email/smtp-errors';
import { statusEmail } from './email/status-email';
import { mergeRecipients } from './recipients';
import type { SlackPoster } from './slack/slack-client';
import { statusMessage } from './slack/status-message';

export interface NotificationDependencies {
  mailer: Mailer;
  /** Null when Slack is off (no SLACK_BOT_TOKEN). */
  slack: SlackPoster | null;
  integrations: Pick<IntegrationRepository, 'get'>;
  logger: Logger;
  /** Sender of every email, for example `iconik-delivery <deliveries@example.com>`. */
  emailFrom: string;
  /** Secrets that must never appear in a log line or failure message, such as the SMTP password. */
  secrets?: string[];
}

export interface ArrivalEmailInput {
  deliveryId: string;
  integrationId: string;
  package: Package;
}

export interface StatusNotificationInput {
  deliveryId: string;
  integrationId: string;
  /** The package's recipients; the integration's extra addresses are added to them. */
  recipients: string[];
  summary: DeliverySummary;
}

export type EmailResult = { sent: true; messageId: string; recipientCount: number } | { skipped: 'no recipients' };

export type SlackResult = { sent: true; messageId: string; channel: string } | { skipped: 'Slack is off' | 'no Slack channel' };

/**
 * Builds the notification activities: the arrival email, the status email
 * and the Slack status message. Each is a Temporal activity, so a failed send
 * is retried by the workflow's retry policy.
 */
export function createNotificationActivities(deps: NotificationDependencies) {
  const { mailer, slack, integrations, logger, emailFrom } = deps;
  const secrets = deps.secrets ?? [];

  async function sendEmail(kind: 'arrival' | 'status', log: Logger, deliveryId: string, to: string[], content: EmailContent): Promise<EmailResult> {
    const messageId = emailMessageId(kind, deliveryId, emailFrom);
    const inReplyTo = kind === 'status' ? emailMessageId('arrival', deliveryId, emailFrom) : undefined;
    try {
      const sent = await mailer.send({ from: emailFrom, to, ...content, messageId, inReplyTo });
      if (sent.rejected.length > 0) log.warn({ smtpServer: mailer.server, rejected: sent.rejected }, `the SMTP server rejected some recipients of the ${kind} email`);
      log.info({ smtpServer: mailer.server, messageId: sent.messageId, recipientCount: sent.accepted.length, attempt: attemptNumber() }, `${kind} email sent`);
      return { sent: true, messageId: sent.messageId, recipientCount: sent.accepted.length };
    } catch (error) {
      const failure = smtpFailure(error, { server: mailer.server, emailKind: kind, secrets });
      log.warn({ smtpServer: mailer.server, failureType: failure.type, nonRetryable: failure.nonRetryable, attempt: attemptNumber(), error: failure.message }, `${kind} email failed`);
      throw failure;
    }
  }

  function recipientsFor(kind: 'arrival' | 'status', log: Logger, packageRecipients: string[], integration: Integration): string[] {
    const { to, invalid } = mergeRecipients(packageRecipients, integration.notifications.emails);
    if (invalid.length > 0) log.warn({ invalid }, `left invalid addresses out of the ${kind} email`);
    return to;
  }

  return {
    sendArrivalEmail: async (input: ArrivalEmailInput): Promise<EmailResult> => {
      const log = logger.child({ deliveryId: input.deliveryId, packageId: input.package.id, integrationId: input.integrationId });
      const integration = await loadIntegration(integrations, input.integrationId);
      const to = recipientsFor('arrival', log, input.package.recipients, integration);
      if (to.length === 0) {
        log.info('arrival email skipped: the package and the integration have no recipients');
        return { skipped: 'no recipients' };
      }
      return sendEmail('arrival', log, input.deliveryId, to, arrivalEmail(input.package));
    },

    sendStatusEmail: async (input: StatusNotificationInput): Promise<EmailResult> => {
      const log = logger.child({ deliveryId: input.deliveryId, packageId: input.summary.packageId, integrationId: input.integrationId });
      const integration = await loadIntegration(integrations, input.integrationId);
      const to = recipientsFor('status', log, input.recipients, integration);
      if (to.length === 0) {
        log.info('status email skipped: the package and the integration have no recipients');
        return { skipped: 'no recipients' };
      }
      return sendEmail('status', log, input.deliveryId, to, statusEmail(input.summary));
    },

    // NOTE: Slack has no idempotency key for chat.postMessage, so a retry after a
    // post whose response was lost (a timeout) can post the status twice.
    postSlackStatus: async (input: StatusNotificationInput): Promise<SlackResult> => {
      const log = logger.child({ deliveryId: input.deliveryId, packageId: input.summary.packageId, integrationId: input.integrationId });
      if (slack === null) {
        log.info('Slack status skipped: SLACK_BOT_TOKEN is unset');
        return { skipped: 'Slack is off' };
      }
      const integration = await loadIntegration(integrations, input.integrationId);
      const channel = integration.notifications.slackChannel;
      if (channel === null) {
        log.info('Slack status skipped: the integration has no Slack channel');
        return { skipped: 'no Slack channel' };
      }

      try {
        const posted = await slack.postMessage(channel, statusMessage(input.summary));
        log.info({ slackChannel: channel, channelId: posted.channel, ts: posted.ts, attempt: attemptNumber() }, 'Slack status posted');
        return { sent: true, messageId: posted.ts, channel: posted.channel };
      } catch (error) {
        const failure = error instanceof ApplicationFailure ? error : ApplicationFailure.retryable(String(error), 'SlackRequestFailed');
        log.warn(
          { slackChannel: channel, failureType: failure.type, nonRetryable: failure.nonRetryable, nextRetryDelay: failure.nextRetryDelay, attempt: attemptNumber(), error: failure.message },
          'Slack status failed',
        );
        throw failure;
      }
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;

async function loadIntegration(integrations: Pick<IntegrationRepository, 'get'>, integrationId: string): Promise<Integration> {
  let integration: Integration | undefined;
  try {
    integration = await integrations.get(integrationId);
  } catch (error) {
    if (error instanceof IntegrationValidationError) throw ApplicationFailure.nonRetryable(`${error.message}. The workflow passed an invalid integration id.`, 'InvalidIntegrationId');
    throw error;
  }
  if (integration === undefined) {
    throw ApplicationFailure.nonRetryable(
      `Integration ${integrationId} was not found, so its notification settings cannot be read: it was deleted after the delivery started. Skip the notification or restore the integration.`,
      'IntegrationNotFound',
    );
  }
  return integration;
}

/**
 * Returns a Message-ID that stays the same on every attempt of one email of
 * one delivery, so a mail client can spot a duplicate sent by a retry. The
 * domain is the sender's.
 */
function emailMessageId(kind: 'arrival' | 'status', deliveryId: string, emailFrom: string): string {
  const digest = createHash('sha256').update(deliveryId).digest('hex').slice(0, 32);
  const domain = /@([^\s>]+)>?\s*$/.exec(emailFrom)?.[1] ?? 'iconik-delivery.invalid';
  return `<${kind}.${digest}@${domain}>`;
}

function attemptNumber(): number {
  return activityInfo().attempt;
}
