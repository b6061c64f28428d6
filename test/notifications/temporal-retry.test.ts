import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { createNotificationActivities } from '../../src/notifications';
import { createSmtpMailer } from '../../src/notifications/email/mailer';
import { createSlackPoster } from '../../src/notifications/slack/slack-client';
import { capturingLogger, makeSummary, newIntegration, openTestIntegrationStore } from './support/fixtures';
import { standinToken, startStandin, type StandinHarness } from './support/slack-standin';
import { postSlackStatusWorkflow } from './support/workflows';

// Runs the Slack activity on a real worker against the local stack's Temporal
// server, which decides when a retry runs.
describe('Slack status on Temporal', () => {
  let standin: StandinHarness;
  let store: Awaited<ReturnType<typeof openTestIntegrationStore>>;
  let connection: Connection;
  let workerConnection: NativeConnection;
  let client: Client;
  let worker: Worker;
  let running: Promise<void>;
  let lines: string[];
  const taskQueue = `notifications-test-${randomUUID()}`;
  const mailer = createSmtpMailer(`smtp://127.0.0.1:${loadConfig().stack.ports.smtp}`);

  beforeAll(async () => {
    const { temporal } = loadConfig();
    standin = await startStandin();
    store = await openTestIntegrationStore();
    const captured = capturingLogger();
    lines = captured.lines;
    const activities = createNotificationActivities({
      mailer,
      slack: createSlackPoster({ token: standinToken, apiUrl: standin.apiUrl, logger: pino({ level: 'silent' }) }),
      integrations: store.repository,
      logger: captured.logger,
      emailFrom: 'iconik-delivery <deliveries@localhost>',
    });
    connection = await Connection.connect({ address: temporal.address });
    client = new Client({ connection, namespace: temporal.namespace });
    workerConnection = await NativeConnection.connect({ address: temporal.address });
    worker = await Worker.create({
      connection: workerConnection,
      namespace: temporal.namespace,
      taskQueue,
      workflowsPath: require.resolve('./support/workflows'),
      activities,
    });
    running = worker.run();
  });
  afterAll(async () => {
    worker.shutdown();
    await running;
    await workerConnection.close();
    await connection.close();
    await store.cleanUp();
    await standin.close();
    mailer.close();
  });

  test('rate limit delays the retry', async () => {
    const integrationId = (await store.repository.create(newIntegration({ slackChannel: '#deliveries', emails: [] }))).id;
    await standin.armFault({ error: 'ratelimited', retryAfterSeconds: 2 });
    const started = performance.now();

    const result = await client.workflow.execute(postSlackStatusWorkflow, {
      taskQueue,
      workflowId: `notifications-test-${randomUUID()}`,
      args: [{ deliveryId: 'delivery-temporal-1', integrationId, recipients: [], summary: makeSummary() }],
    });

    const elapsed = performance.now() - started;
    const [message] = await standin.messages();
    expect(result).toEqual({ sent: true, messageId: message!.ts, channel: message!.channel });
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    const attempts = lines.map((line) => JSON.parse(line)).filter((line) => line.deliveryId === 'delivery-temporal-1');
    expect(attempts.map((line) => [line.msg, line.attempt])).toEqual([
      ['Slack status failed', 1],
      ['Slack status posted', 2],
    ]);
    expect(attempts[0]).toMatchObject({ failureType: 'SlackRateLimited', nextRetryDelay: 2000 });
  });

  test('not_in_channel fails without retry', async () => {
    const integrationId = (await store.repository.create(newIntegration({ slackChannel: '#private-ops', emails: [] }))).id;

    const error = await client.workflow
      .execute(postSlackStatusWorkflow, {
        taskQueue,
        workflowId: `notifications-test-${randomUUID()}`,
        args: [{ deliveryId: 'delivery-temporal-2', integrationId, recipients: [], summary: makeSummary() }],
      })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(WorkflowFailedError);
    const activityFailure = (error as WorkflowFailedError).cause;
    expect(activityFailure).toBeInstanceOf(ActivityFailure);
    const cause = (activityFailure as ActivityFailure).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({ type: 'SlackNotInChannel', nonRetryable: true });
    const attempts = lines.map((line) => JSON.parse(line)).filter((line) => line.deliveryId === 'delivery-temporal-2');
    expect(attempts.map((line) => line.attempt)).toEqual([1]);
  });
});
