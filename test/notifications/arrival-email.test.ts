import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { makePackage, newIntegration, uniqueAddress } from './support/fixtures';
import { startNotificationHarness, type NotificationHarness } from './support/activities';
import { headersOf, lf, messagesTo, waitForMessagesTo } from './support/mailpit';

const row = (label: string, value: string) => `<tr><th align="left" style="padding-right: 12px">${label}</th><td>${value}</td></tr>`;

describe('sendArrivalEmail', () => {
  let harness: NotificationHarness;
  let integrationId: string;
  let opsAddress: string;

  beforeAll(async () => {
    harness = await startNotificationHarness();
    opsAddress = uniqueAddress('ops');
    integrationId = (await harness.store.repository.create(newIntegration({ emails: [opsAddress] }))).id;
  });
  afterAll(async () => {
    await harness.close();
  });

  test('email with portal and download link', async () => {
    const recipient = uniqueAddress('recipient');
    const pkg = makePackage({ recipients: [recipient] });

    const result = await harness.run(harness.activities.sendArrivalEmail, { deliveryId: 'delivery-arrival-1', integrationId, package: pkg });

    const [message] = await waitForMessagesTo(recipient);
    expect(result).toEqual({ sent: true, messageId: `<${message!.MessageID}>`, recipientCount: 2 });
    expect(message!.MessageID).toMatch(/^arrival\.[0-9a-f]{32}@localhost$/);
    expect(message!.From).toEqual({ Name: 'iconik-delivery', Address: 'deliveries@localhost' });
    expect(message!.To.map((to) => to.Address)).toEqual([recipient, opsAddress]);
    expect(message!.Subject).toBe('Package received: Spring campaign rushes');
    expect(lf(message!.Text)).toBe(
      [
        'The package "Spring campaign rushes" has arrived.',
        '',
        'Package: Spring campaign rushes',
        'Sender: editor@studio.example',
        'Portal: Acme upload portal',
        'Files: 12 files',
        'Total size: 1.5 GB',
        'Download: https://portal.example/download/pkg-7f3a',
        '',
        'It is being delivered to Iconik now. A second email will report the result.',
        '',
      ].join('\n'),
    );
    expect(lf(message!.HTML)).toBe(
      [
        '<!DOCTYPE html>',
        '<html>',
        '<body style="font-family: sans-serif">',
        '<p>The package <strong>Spring campaign rushes</strong> has arrived.</p>',
        '<table>',
        row('Package', 'Spring campaign rushes'),
        row('Sender', 'editor@studio.example'),
        row('Portal', 'Acme upload portal'),
        row('Files', '12 files'),
        row('Total size', '1.5 GB'),
        row('Download', '<a href="https://portal.example/download/pkg-7f3a">https://portal.example/download/pkg-7f3a</a>'),
        '</table>',
        '<p>It is being delivered to Iconik now. A second email will report the result.</p>',
        '</body>',
        '</html>',
        '',
      ].join('\n'),
    );
  });

  test('email without portal or link', async () => {
    const recipient = uniqueAddress('recipient');
    const pkg = makePackage({ recipients: [recipient], portal: null, downloadUrl: null, fileCount: 1, totalBytes: 999 });

    await harness.run(harness.activities.sendArrivalEmail, { deliveryId: 'delivery-arrival-2', integrationId, package: pkg });

    const [message] = await waitForMessagesTo(recipient);
    expect(lf(message!.Text)).toBe(
      [
        'The package "Spring campaign rushes" has arrived.',
        '',
        'Package: Spring campaign rushes',
        'Sender: editor@studio.example',
        'Files: 1 file',
        'Total size: 999 bytes',
        '',
        'It is being delivered to Iconik now. A second email will report the result.',
        '',
      ].join('\n'),
    );
    expect(lf(message!.HTML)).toBe(
      [
        '<!DOCTYPE html>',
        '<html>',
        '<body style="font-family: sans-serif">',
        '<p>The package <strong>Spring campaign rushes</strong> has arrived.</p>',
        '<table>',
        row('Package', 'Spring campaign rushes'),
        row('Sender', 'editor@studio.example'),
        row('Files', '1 file'),
        row('Total size', '999 bytes'),
        '</table>',
        '<p>It is being delivered to Iconik now. A second email will report the result.</p>',
        '</body>',
        '</html>',
        '',
      ].join('\n'),
    );
  });

  test('HTML-special characters are escaped', async () => {
    const recipient = uniqueAddress('recipient');
    const pkg = makePackage({
      recipients: [recipient],
      name: 'Q&A <script>alert("x")</script> it\'s',
      portal: { id: 'portal-b', name: 'Tom & Jerry <portal>' },
      downloadUrl: 'https://portal.example/d?id=1&name="a"',
    });

    await harness.run(harness.activities.sendArrivalEmail, { deliveryId: 'delivery-arrival-3', integrationId, package: pkg });

    const [message] = await waitForMessagesTo(recipient);
    expect(message!.Subject).toBe('Package received: Q&A <script>alert("x")</script> it\'s');
    expect(lf(message!.Text)).toContain('Package: Q&A <script>alert("x")</script> it\'s\n');
    expect(lf(message!.HTML)).toBe(
      [
        '<!DOCTYPE html>',
        '<html>',
        '<body style="font-family: sans-serif">',
        '<p>The package <strong>Q&amp;A &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; it&#39;s</strong> has arrived.</p>',
        '<table>',
        row('Package', 'Q&amp;A &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; it&#39;s'),
        row('Sender', 'editor@studio.example'),
        row('Portal', 'Tom &amp; Jerry &lt;portal&gt;'),
        row('Files', '12 files'),
        row('Total size', '1.5 GB'),
        row('Download', '<a href="https://portal.example/d?id=1&amp;name=&quot;a&quot;">https://portal.example/d?id=1&amp;name=&quot;a&quot;</a>'),
        '</table>',
        '<p>It is being delivered to Iconik now. A second email will report the result.</p>',
        '</body>',
        '</html>',
        '',
      ].join('\n'),
    );
  });

  test('non-web download URL is no link', async () => {
    const recipient = uniqueAddress('recipient');
    const pkg = makePackage({ recipients: [recipient], downloadUrl: 'javascript:alert(1)' });

    await harness.run(harness.activities.sendArrivalEmail, { deliveryId: 'delivery-arrival-4', integrationId, package: pkg });

    const [message] = await waitForMessagesTo(recipient);
    expect(lf(message!.HTML)).toContain(`${row('Download', 'javascript:alert(1)')}\n`);
    expect(message!.HTML).not.toContain('<a ');
    expect(lf(message!.Text)).toContain('Download: javascript:alert(1)\n');
  });

  test('recipients merged without duplicates or invalid', async () => {
    const recipient = uniqueAddress('recipient');
    const pkg = makePackage({ recipients: [recipient, recipient.toUpperCase(), 'not an address', opsAddress] });

    const result = await harness.run(harness.activities.sendArrivalEmail, { deliveryId: 'delivery-arrival-5', integrationId, package: pkg });

    const [message] = await waitForMessagesTo(recipient);
    expect(result).toMatchObject({ sent: true, recipientCount: 2 });
    expect(message!.To.map((to) => to.Address)).toEqual([recipient, opsAddress]);
    const warning = harness.lines.map((line) => JSON.parse(line)).find((line) => line.msg === 'left invalid addresses out of the arrival email');
    expect(warning).toMatchObject({ deliveryId: 'delivery-arrival-5', packageId: 'pkg-7f3a', integrationId, invalid: ['not an address'] });
  });

  test('same Message-ID on every attempt', async () => {
    const recipient = uniqueAddress('recipient');
    const input = { deliveryId: 'delivery-arrival-6', integrationId, package: makePackage({ recipients: [recipient] }) };

    const first = await harness.run(harness.activities.sendArrivalEmail, input, 1);
    const second = await harness.run(harness.activities.sendArrivalEmail, input, 2);

    const messages = await waitForMessagesTo(recipient, 2);
    expect(first).toEqual(second);
    expect(messages.map((message) => `<${message.MessageID}>`)).toEqual([(first as { messageId: string }).messageId, (first as { messageId: string }).messageId]);
    const headers = await headersOf(messages[0]!);
    expect(headers['In-Reply-To']).toBeUndefined();
  });

  test('no recipients skips the email', async () => {
    const bare = (await harness.store.repository.create(newIntegration({ emails: [] }))).id;
    const pkg = makePackage({ id: 'pkg-empty', recipients: [] });

    const result = await harness.run(harness.activities.sendArrivalEmail, { deliveryId: 'delivery-arrival-7', integrationId: bare, package: pkg });

    expect(result).toEqual({ skipped: 'no recipients' });
    const skipped = harness.lines.map((line) => JSON.parse(line)).find((line) => line.deliveryId === 'delivery-arrival-7');
    expect(skipped).toMatchObject({ packageId: 'pkg-empty', integrationId: bare, msg: 'arrival email skipped: the package and the integration have no recipients' });
  });

  test('missing integration is non-retryable', async () => {
    const recipient = uniqueAddress('recipient');
    const missingId = randomUUID();
    const input = { deliveryId: 'delivery-arrival-8', integrationId: missingId, package: makePackage({ recipients: [recipient] }) };

    const error = await harness.run(harness.activities.sendArrivalEmail, input).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: 'IntegrationNotFound', nonRetryable: true });
    expect((error as Error).message).toContain(`Integration ${missingId} was not found`);
    expect(await messagesTo(recipient)).toEqual([]);
  });

  test('invalid integration id is non-retryable', async () => {
    const input = { deliveryId: 'delivery-arrival-9', integrationId: 'not-a-uuid', package: makePackage({ recipients: [uniqueAddress('recipient')] }) };

    const error = await harness.run(harness.activities.sendArrivalEmail, input).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: 'InvalidIntegrationId', nonRetryable: true });
    expect((error as Error).message).toContain('not-a-uuid');
  });
});
