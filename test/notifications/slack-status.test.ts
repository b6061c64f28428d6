import { ApplicationFailure } from '@temporalio/common';
import pino from 'pino';
import { createSlackPoster } from '../../src/notifications/slack/slack-client';
import { failedFiles, makeSummary, newIntegration } from './support/fixtures';
import { startNotificationHarness, type NotificationHarness } from './support/activities';
import { standinToken, startStandin, type StandinHarness } from './support/slack-standin';

const workflowUrl = 'http://127.0.0.1:8233/namespaces/default/workflows/delivery%2Fint-1%2Fpkg-7f3a';

describe('postSlackStatus', () => {
  let standin: StandinHarness;
  let harness: NotificationHarness;
  let integrationId: string;
  let deliveriesId: string;

  beforeAll(async () => {
    standin = await startStandin();
    const slack = createSlackPoster({ token: standinToken, apiUrl: standin.apiUrl, logger: pino({ level: 'silent' }) });
    harness = await startNotificationHarness({ slack });
    integrationId = (await harness.store.repository.create(newIntegration({ slackChannel: '#deliveries', emails: [] }))).id;
    deliveriesId = standin.standin.channels.find('deliveries')!.id;
  });
  afterEach(async () => {
    await standin.reset();
  });
  afterAll(async () => {
    await harness.close();
    await standin.close();
  });

  function post(summary = makeSummary(), id = integrationId) {
    return harness.run(harness.activities.postSlackStatus, { deliveryId: summary.deliveryId, integrationId: id, recipients: [], summary });
  }

  async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    return error as ApplicationFailure;
  }

  test('completed delivery', async () => {
    const result = await post(makeSummary({ workflowUrl }));

    const messages = await standin.messages();
    expect(messages).toHaveLength(1);
    expect(result).toEqual({ sent: true, messageId: messages[0]!.ts, channel: deliveriesId });
    expect(messages[0]!.channel).toBe(deliveriesId);
    expect(messages[0]!.encoding).toBe('form');
    expect(messages[0]!.text).toBe(
      'Delivery completed: Spring campaign rushes. Destination in Iconik: /Portal Downloads/Acme upload portal/Spring campaign rushes. Files delivered: 12 of 12 (1.5 GB).',
    );
    expect(messages[0]!.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Delivery completed: Spring campaign rushes' } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Package*\nSpring campaign rushes' },
          { type: 'mrkdwn', text: '*Portal*\nAcme upload portal' },
          { type: 'mrkdwn', text: '*Destination in Iconik*\n/Portal Downloads/Acme upload portal/Spring campaign rushes' },
          { type: 'mrkdwn', text: '*Files delivered*\n12 of 12' },
          { type: 'mrkdwn', text: '*Data delivered*\n1.5 GB' },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `<${workflowUrl}|Open the delivery in the Temporal UI>` }] },
    ]);
  });

  test('completed with more than 10 failures', async () => {
    const summary = makeSummary({
      deliveredName: 'Spring campaign rushes (2)',
      portal: null,
      destinationPath: '/Send to cloud/Spring campaign rushes (2)',
      outcome: 'completed_with_failures',
      filesDelivered: 0,
      filesTotal: 12,
      bytesDelivered: 0,
      failedFiles: failedFiles(12),
      failedCount: 12,
    });

    await post(summary);

    const [message] = await standin.messages();
    const listed = failedFiles(10);
    expect(message!.text).toBe(
      [
        'Delivery completed with 12 failed files: Spring campaign rushes.',
        'Destination in Iconik: /Send to cloud/Spring campaign rushes (2).',
        'Files delivered: 0 of 12 (0 bytes).',
        `Failed files: ${listed.map((file) => `${file.path} (${file.reason})`).join('; ')}; and 2 more.`,
      ].join(' '),
    );
    expect(message!.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Delivery completed with 12 failed files: Spring campaign rushes' } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Package*\nSpring campaign rushes' },
          { type: 'mrkdwn', text: '*Delivered as*\nSpring campaign rushes (2)' },
          { type: 'mrkdwn', text: '*Destination in Iconik*\n/Send to cloud/Spring campaign rushes (2)' },
          { type: 'mrkdwn', text: '*Files delivered*\n0 of 12' },
          { type: 'mrkdwn', text: '*Data delivered*\n0 bytes' },
          { type: 'mrkdwn', text: '*Failed files*\n12' },
        ],
      },
      { type: 'section', text: { type: 'mrkdwn', text: `*Failed files*\n${listed.map((file) => `• ${file.path}: ${file.reason}`).join('\n')}\nand 2 more` } },
    ]);
  });

  test('metadata problems, the first ten listed', async () => {
    const problems = Array.from({ length: 12 }, (_, index) => `Form field "Take ${index + 1}" <has> no Iconik field: map it & save`);
    await post(makeSummary({ metadata: { viewId: null, fieldsWritten: [], unmappedFields: [], problems } }));

    const [message] = await standin.messages();
    expect(message!.text).toBe(
      'Delivery completed: Spring campaign rushes. Destination in Iconik: /Portal Downloads/Acme upload portal/Spring campaign rushes. Files delivered: 12 of 12 (1.5 GB). Metadata problems: 12.',
    );
    const listed = problems.slice(0, 10).map((problem) => `• ${problem.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}`);
    expect(message!.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Delivery completed: Spring campaign rushes' } },
      expect.objectContaining({ type: 'section', fields: expect.any(Array) }),
      { type: 'section', text: { type: 'mrkdwn', text: `*Metadata problems*\n${listed.join('\n')}\nand 2 more` } },
    ]);
  });

  test('failed delivery', async () => {
    const summary = makeSummary({
      outcome: 'failed',
      failureReason: 'Iconik rejected the application token: create a new token in Admin > Settings > Application tokens',
      filesDelivered: 0,
      bytesDelivered: 0,
    });

    await post(summary);

    const [message] = await standin.messages();
    expect(message!.text).toBe(
      'Delivery failed: Spring campaign rushes. Destination in Iconik: /Portal Downloads/Acme upload portal/Spring campaign rushes. Files delivered: 0 of 12 (0 bytes). Reason the delivery failed: Iconik rejected the application token: create a new token in Admin &gt; Settings &gt; Application tokens.',
    );
    expect(message!.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Delivery failed: Spring campaign rushes' } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Package*\nSpring campaign rushes' },
          { type: 'mrkdwn', text: '*Portal*\nAcme upload portal' },
          { type: 'mrkdwn', text: '*Destination in Iconik*\n/Portal Downloads/Acme upload portal/Spring campaign rushes' },
          { type: 'mrkdwn', text: '*Files delivered*\n0 of 12' },
          { type: 'mrkdwn', text: '*Data delivered*\n0 bytes' },
        ],
      },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*Reason the delivery failed*\nIconik rejected the application token: create a new token in Admin &gt; Settings &gt; Application tokens' },
      },
    ]);
  });

  test('mentions and links in names are escaped', async () => {
    const summary = makeSummary({
      packageName: '<!channel> & <https://evil.example|click>',
      deliveredName: '<!channel> & <https://evil.example|click>',
      outcome: 'completed_with_failures',
      filesDelivered: 11,
      failedFiles: [{ path: '<@U123>.mov', reason: 'a < b' }],
      failedCount: 1,
    });

    await post(summary);

    const [message] = await standin.messages();
    expect(message!.text).toBe(
      'Delivery completed with 1 failed file: &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;. Destination in Iconik: /Portal Downloads/Acme upload portal/Spring campaign rushes. Files delivered: 11 of 12 (1.5 GB). Failed files: &lt;@U123&gt;.mov (a &lt; b).',
    );
    expect(message!.blocks![0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Delivery completed with 1 failed file: <!channel> & <https://evil.example|click>' } });
    expect((message!.blocks![1] as any).fields[0]).toEqual({ type: 'mrkdwn', text: '*Package*\n&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;' });
    expect(message!.blocks![2]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*Failed files*\n• &lt;@U123&gt;.mov: a &lt; b' } });
  });

  test('long names stay inside Block Kit limits', async () => {
    const longName = 'N'.repeat(2500);
    const summary = makeSummary({
      packageName: longName,
      deliveredName: longName,
      outcome: 'completed_with_failures',
      failedFiles: [{ path: `${'&'.repeat(400)}.mov`, reason: 'r' }],
      failedCount: 1,
    });

    const result = await post(summary);

    const [message] = await standin.messages();
    expect(result).toMatchObject({ sent: true });
    const header = message!.blocks![0] as any;
    expect(header.text.text).toHaveLength(150);
    expect(header.text.text.endsWith('…')).toBe(true);
    const packageField = (message!.blocks![1] as any).fields[0].text as string;
    expect(packageField).toHaveLength(2000);
    expect(packageField.startsWith('*Package*\nNNN')).toBe(true);
    const failedSection = (message!.blocks![2] as any).text.text as string;
    expect(failedSection).toBe(`*Failed files*\n• ${'&amp;'.repeat(279)}…`);
  });

  test('channel given by id', async () => {
    const byId = (await harness.store.repository.create(newIntegration({ slackChannel: deliveriesId, emails: [] }))).id;

    const result = await post(makeSummary(), byId);

    expect(result).toMatchObject({ sent: true, channel: deliveriesId });
    expect(await standin.messages(deliveriesId)).toHaveLength(1);
  });

  test('no channel skips Slack', async () => {
    const noChannel = (await harness.store.repository.create(newIntegration({ slackChannel: null, emails: [] }))).id;

    const result = await post(makeSummary(), noChannel);

    expect(result).toEqual({ skipped: 'no Slack channel' });
    expect(await standin.messages()).toEqual([]);
  });

  test('Slack off without a token', async () => {
    const off = await startNotificationHarness({ slack: null });
    try {
      const id = (await off.store.repository.create(newIntegration({ slackChannel: '#deliveries', emails: [] }))).id;

      const result = await off.run(off.activities.postSlackStatus, { deliveryId: 'delivery-off', integrationId: id, recipients: [], summary: makeSummary() });

      expect(result).toEqual({ skipped: 'Slack is off' });
      expect(await standin.messages()).toEqual([]);
      expect(off.lines.map((line) => JSON.parse(line).msg)).toContain('Slack status skipped: SLACK_BOT_TOKEN is unset');
    } finally {
      await off.close();
    }
  });

  test('not_in_channel is non-retryable', async () => {
    const privateOps = (await harness.store.repository.create(newIntegration({ slackChannel: '#private-ops', emails: [] }))).id;

    const failure = await failureOf(post(makeSummary(), privateOps));

    expect(failure.type).toBe('SlackNotInChannel');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toBe(
      'Slack rejected chat.postMessage to #private-ops with not_in_channel: the Slack app is not a member of #private-ops: invite the app to #private-ops (type /invite @the-app-name in the channel).',
    );
  });

  test('channel_not_found is non-retryable', async () => {
    const unknown = (await harness.store.repository.create(newIntegration({ slackChannel: '#no-such-channel', emails: [] }))).id;

    const failure = await failureOf(post(makeSummary(), unknown));

    expect(failure.type).toBe('SlackChannelNotFound');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toBe(
      "Slack rejected chat.postMessage to #no-such-channel with channel_not_found: no channel #no-such-channel is visible to the Slack app: correct the Slack channel in the integration's notification settings, or invite the app if #no-such-channel is private.",
    );
  });

  test('invalid_auth is non-retryable', async () => {
    const wrongTokenPoster = createSlackPoster({ token: 'xoxb-revoked-0000', apiUrl: standin.apiUrl, logger: pino({ level: 'silent' }) });
    const other = await startNotificationHarness({ slack: wrongTokenPoster });
    try {
      const id = (await other.store.repository.create(newIntegration({ slackChannel: '#deliveries', emails: [] }))).id;

      const failure = await failureOf(other.run(other.activities.postSlackStatus, { deliveryId: 'delivery-auth', integrationId: id, recipients: [], summary: makeSummary() }));

      expect(failure.type).toBe('SlackInvalidAuth');
      expect(failure.nonRetryable).toBe(true);
      expect(failure.message).toBe(
        "Slack rejected chat.postMessage to #deliveries with invalid_auth: the bot token is invalid or revoked: set SLACK_BOT_TOKEN to the Slack app's current bot token (xoxb-...) and restart the worker.",
      );
      expect(await standin.messages()).toEqual([]);
    } finally {
      await other.close();
    }
  });

  test('is_archived is non-retryable', async () => {
    await standin.armFault({ error: 'is_archived' });

    const failure = await failureOf(post());

    expect(failure.type).toBe('SlackChannelArchived');
    expect(failure.nonRetryable).toBe(true);
  });

  test('ratelimited retries after Retry-After', async () => {
    await standin.armFault({ error: 'ratelimited', retryAfterSeconds: 7 });

    const failure = await failureOf(post());

    expect(failure.type).toBe('SlackRateLimited');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.nextRetryDelay).toBe(7000);
    expect(failure.message).toBe('Slack rate-limited chat.postMessage to #deliveries: retrying after 7 s, the delay Slack sent in Retry-After');
    expect(await standin.messages()).toEqual([]);

    const retried = await harness.run(harness.activities.postSlackStatus, { deliveryId: 'delivery-1', integrationId, recipients: [], summary: makeSummary() }, 2);
    expect(retried).toMatchObject({ sent: true, channel: deliveriesId });
    expect(await standin.messages()).toHaveLength(1);
  });

  test('internal_error is retryable', async () => {
    await standin.armFault({ error: 'internal_error' });

    const failure = await failureOf(post());

    expect(failure.type).toBe('SlackApiError');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.nextRetryDelay).toBeUndefined();
    expect(failure.message).toBe('Slack failed chat.postMessage to #deliveries with internal_error; the activity retries.');
  });

  test('unreachable Slack is retryable', async () => {
    const unreachable = createSlackPoster({ token: standinToken, apiUrl: 'http://127.0.0.1:9/api/', logger: pino({ level: 'silent' }) });

    const failure = await failureOf(unreachable.postMessage('#deliveries', { text: 'x', blocks: [] }));

    expect(failure.type).toBe('SlackRequestFailed');
    expect(failure.nonRetryable).toBe(false);
  });
});
