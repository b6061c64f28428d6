import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createNotificationActivities, type NotificationActivities } from '../../../src/notifications';
import { createSmtpMailer, type Mailer } from '../../../src/notifications/email/mailer';
import type { SlackPoster } from '../../../src/notifications/slack/slack-client';
import { loadConfig } from '../../../src/config';
import { capturingLogger, openTestIntegrationStore } from './fixtures';

export const emailFrom = 'iconik-delivery <deliveries@localhost>';

/** The notification activities on the local stack's Mailpit, a real SQLite integrations store and an in-memory log. */
export interface NotificationHarness {
  activities: NotificationActivities;
  store: Awaited<ReturnType<typeof openTestIntegrationStore>>;
  mailer: Mailer;
  lines: string[];
  /** Runs an activity in Temporal's activity test environment, as attempt `attempt`. */
  run<I, R>(activity: (input: I) => Promise<R>, input: I, attempt?: number): Promise<R>;
  close(): Promise<void>;
}

export async function startNotificationHarness(options: { smtpUrl?: string; slack?: SlackPoster | null; secrets?: string[] } = {}): Promise<NotificationHarness> {
  const store = await openTestIntegrationStore();
  const { logger, lines } = capturingLogger();
  const mailer = createSmtpMailer(options.smtpUrl ?? `smtp://127.0.0.1:${loadConfig().stack.ports.smtp}`);
  const activities = createNotificationActivities({
    mailer,
    slack: options.slack ?? null,
    integrations: store.repository,
    logger,
    emailFrom,
    secrets: options.secrets,
  });
  return {
    activities,
    store,
    mailer,
    lines,
    // The test environment logs every failed attempt as a warning; the tests assert those failures themselves.
    run: (activity, input, attempt = 1) => new MockActivityEnvironment({ attempt }, { logger: new DefaultLogger('ERROR') }).run(activity, input),
    async close() {
      mailer.close();
      await store.cleanUp();
    },
  };
}
