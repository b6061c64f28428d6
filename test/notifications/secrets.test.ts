import { createServer, type AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { loadConfig } from '../../src/config';
import { createSlackPoster } from '../../src/notifications/slack/slack-client';
import { smtpSecretsOf } from '../../src/notifications/email/smtp-errors';
import { capturingLogger, makePackage, makeSummary, newIntegration, uniqueAddress } from './support/fixtures';
import { startNotificationHarness } from './support/activities';
import { waitForMessagesTo } from './support/mailpit';
import { standinToken, startStandin, type StandinHarness } from './support/slack-standin';

// Distinct strings, so a search for them in log output cannot match anything else.
// The password is percent-encoded as a URL requires: it decodes to Sm7p-pa55/w0rd!-e93a.
const smtpUser = 'relay-user-4c1d';
const smtpPassword = 'Sm7p-pa55%2Fw0rd%21-e93a';

// Returns a loopback port that nothing listens on: a server takes it and closes it again.
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('notification secrets', () => {
  let standin: StandinHarness;

  beforeAll(async () => {
    standin = await startStandin();
  });
  afterAll(async () => {
    await standin.close();
  });

  test('SMTP password kept out of logs', async () => {
    const smtpUrl = `smtp://${smtpUser}:${smtpPassword}@127.0.0.1:${loadConfig().stack.ports.smtp}`;
    const harness = await startNotificationHarness({ smtpUrl, secrets: smtpSecretsOf(smtpUrl) });
    try {
      const recipient = uniqueAddress('secret');
      const id = (await harness.store.repository.create(newIntegration({ emails: [] }))).id;

      await harness.run(harness.activities.sendArrivalEmail, { deliveryId: 'delivery-secret-1', integrationId: id, package: makePackage({ recipients: [recipient] }) });
      await harness.run(harness.activities.sendStatusEmail, { deliveryId: 'delivery-secret-1', integrationId: id, recipients: [recipient], summary: makeSummary() });

      const messages = await waitForMessagesTo(recipient, 2);
      expect(messages).toHaveLength(2);
      expect(harness.lines.length).toBeGreaterThanOrEqual(2);
      for (const line of harness.lines) {
        expect(line).not.toContain(smtpPassword);
        expect(line).not.toContain(decodeURIComponent(smtpPassword));
      }
      const sent = harness.lines.map((line) => JSON.parse(line)).filter((line) => line.msg === 'arrival email sent' || line.msg === 'status email sent');
      expect(sent.map((line) => line.smtpServer)).toEqual([`127.0.0.1:${loadConfig().stack.ports.smtp}`, `127.0.0.1:${loadConfig().stack.ports.smtp}`]);
    } finally {
      await harness.close();
    }
  });

  test('SMTP failure is retryable without the password', async () => {
    const port = await closedPort();
    const smtpUrl = `smtp://${smtpUser}:${smtpPassword}@127.0.0.1:${port}`;
    const harness = await startNotificationHarness({ smtpUrl, secrets: smtpSecretsOf(smtpUrl) });
    try {
      const id = (await harness.store.repository.create(newIntegration({ emails: [] }))).id;
      const input = { deliveryId: 'delivery-secret-2', integrationId: id, package: makePackage({ recipients: [uniqueAddress('secret')] }) };

      const error = await harness.run(harness.activities.sendArrivalEmail, input).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ApplicationFailure);
      const failure = error as ApplicationFailure;
      expect(failure.type).toBe('SmtpSendFailed');
      expect(failure.nonRetryable).toBe(false);
      expect(failure.message).toContain(`Sending the arrival email through the SMTP server 127.0.0.1:${port} failed (ESOCKET)`);
      expect(failure.message).not.toContain(smtpPassword);
      expect(failure.message).not.toContain(decodeURIComponent(smtpPassword));
      expect(failure.message).not.toContain(smtpUser);
      const failed = harness.lines.map((line) => JSON.parse(line)).find((line) => line.msg === 'arrival email failed');
      expect(failed).toMatchObject({ deliveryId: 'delivery-secret-2', packageId: 'pkg-7f3a', integrationId: id, smtpServer: `127.0.0.1:${port}`, failureType: 'SmtpSendFailed' });
      for (const line of harness.lines) {
        expect(line).not.toContain(smtpPassword);
        expect(line).not.toContain(decodeURIComponent(smtpPassword));
      }
    } finally {
      await harness.close();
    }
  });

  test('invalid SMTP URL error omits it', () => {
    const invalid = `smtp://${smtpUser}:pa55/w0rd@127.0.0.1:1025`;

    expect(() => smtpSecretsOf(invalid)).toThrow(
      new Error('SMTP_URL is not a valid URL: percent-encode special characters in the user and password (for example / as %2F and @ as %40).'),
    );
  });

  test('Slack token kept out of logs', async () => {
    const { logger: slackLogger, lines: slackLines } = capturingLogger();
    const slack = createSlackPoster({ token: standinToken, apiUrl: standin.apiUrl, logger: slackLogger });
    const wrongToken = 'xoxb-wrong-7731-secret';
    const rejected = createSlackPoster({ token: wrongToken, apiUrl: standin.apiUrl, logger: slackLogger });
    const harness = await startNotificationHarness({ slack, secrets: [standinToken] });
    const rejectedHarness = await startNotificationHarness({ slack: rejected, secrets: [wrongToken] });
    try {
      const id = (await harness.store.repository.create(newIntegration({ slackChannel: '#deliveries', emails: [] }))).id;
      const rejectedId = (await rejectedHarness.store.repository.create(newIntegration({ slackChannel: '#deliveries', emails: [] }))).id;
      const input = { deliveryId: 'delivery-secret-3', integrationId: id, recipients: [], summary: makeSummary() };

      await harness.run(harness.activities.postSlackStatus, input);
      await standin.armFault({ error: 'ratelimited', retryAfterSeconds: 1 });
      await harness.run(harness.activities.postSlackStatus, input).catch(() => undefined);
      const failure = await rejectedHarness.run(rejectedHarness.activities.postSlackStatus, { ...input, integrationId: rejectedId }).catch((caught: unknown) => caught as Error);

      // The Slack client logs each request at debug level, which the capturing logger records.
      expect(slackLines.some((line) => line.includes('http request'))).toBe(true);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect((failure as Error).message).not.toContain(wrongToken);
      const all = [...harness.lines, ...rejectedHarness.lines, ...slackLines];
      expect(all.length).toBeGreaterThan(3);
      for (const line of all) {
        expect(line).not.toContain(standinToken);
        expect(line).not.toContain(wrongToken);
      }
    } finally {
      await harness.close();
      await rejectedHarness.close();
      await standin.reset();
    }
  });
});
