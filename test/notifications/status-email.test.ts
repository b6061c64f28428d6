import { failedFiles, makeSummary, newIntegration, uniqueAddress } from './support/fixtures';
import { startNotificationHarness, type NotificationHarness } from './support/activities';
import { headersOf, lf, waitForMessagesTo } from './support/mailpit';

const row = (label: string, value: string) => `<tr><th align="left" style="padding-right: 12px">${label}</th><td>${value}</td></tr>`;

function htmlPage(lines: string[]): string {
  return ['<!DOCTYPE html>', '<html>', '<body style="font-family: sans-serif">', ...lines, '</body>', '</html>', ''].join('\n');
}

describe('sendStatusEmail', () => {
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

  test('completed delivery', async () => {
    const recipient = uniqueAddress('recipient');
    const summary = makeSummary({ deliveryId: 'delivery-status-1' });

    const result = await harness.run(harness.activities.sendStatusEmail, { deliveryId: 'delivery-status-1', integrationId, recipients: [recipient], summary });

    const [message] = await waitForMessagesTo(recipient);
    expect(result).toEqual({ sent: true, messageId: `<${message!.MessageID}>`, recipientCount: 2 });
    expect(message!.MessageID).toMatch(/^status\.[0-9a-f]{32}@localhost$/);
    expect(message!.To.map((to) => to.Address)).toEqual([recipient, opsAddress]);
    expect(message!.Subject).toBe('Delivery completed: Spring campaign rushes');
    expect(lf(message!.Text)).toBe(
      [
        'The package "Spring campaign rushes" was delivered to Iconik.',
        '',
        'Package: Spring campaign rushes',
        'Portal: Acme upload portal',
        'Destination in Iconik: /Portal Downloads/Acme upload portal/Spring campaign rushes',
        'Files delivered: 12 of 12',
        'Data delivered: 1.5 GB (1,536,000,000 bytes)',
        'Failed files: 0',
        '',
      ].join('\n'),
    );
    expect(lf(message!.HTML)).toBe(
      htmlPage([
        '<p>The package &quot;Spring campaign rushes&quot; was delivered to Iconik.</p>',
        '<table>',
        row('Package', 'Spring campaign rushes'),
        row('Portal', 'Acme upload portal'),
        row('Destination in Iconik', '/Portal Downloads/Acme upload portal/Spring campaign rushes'),
        row('Files delivered', '12 of 12'),
        row('Data delivered', '1.5 GB (1,536,000,000 bytes)'),
        row('Failed files', '0'),
        '</table>',
      ]),
    );
  });

  test('threads under the arrival email', async () => {
    const recipient = uniqueAddress('recipient');
    const summary = makeSummary({ deliveryId: 'delivery-status-thread' });

    await harness.run(harness.activities.sendStatusEmail, { deliveryId: 'delivery-status-thread', integrationId, recipients: [recipient], summary });
    const arrival = await harness.run(harness.activities.sendArrivalEmail, {
      deliveryId: 'delivery-status-thread',
      integrationId,
      package: { id: 'pkg-7f3a', name: 'x', portal: null, uploaderEmail: 'a@example.com', recipients: [uniqueAddress('arrival')], description: null, metadata: {}, downloadUrl: null, fileCount: 0, totalBytes: 0, receivedAt: '2026-03-01T09:00:00.000Z' },
    });

    const [message] = await waitForMessagesTo(recipient);
    const headers = await headersOf(message!);
    const arrivalId = (arrival as { messageId: string }).messageId;
    expect(headers['In-Reply-To']).toEqual([arrivalId]);
    expect(headers.References).toEqual([arrivalId]);
  });

  test('completed with failed files, renamed, without portal', async () => {
    const recipient = uniqueAddress('recipient');
    const summary = makeSummary({
      deliveryId: 'delivery-status-2',
      deliveredName: 'Spring campaign rushes (2)',
      portal: null,
      destinationPath: '/Send to cloud/Spring campaign rushes (2)',
      outcome: 'completed_with_failures',
      filesDelivered: 9,
      bytesDelivered: 1_234_567_890,
      failedFiles: failedFiles(3),
      failedCount: 3,
    });

    await harness.run(harness.activities.sendStatusEmail, { deliveryId: 'delivery-status-2', integrationId, recipients: [recipient], summary });

    const [message] = await waitForMessagesTo(recipient);
    expect(message!.Subject).toBe('Delivery completed with 3 failed files: Spring campaign rushes');
    expect(lf(message!.Text)).toBe(
      [
        'The package "Spring campaign rushes" was delivered to Iconik, but 3 files failed.',
        '',
        'Package: Spring campaign rushes',
        'Delivered as: Spring campaign rushes (2)',
        'Destination in Iconik: /Send to cloud/Spring campaign rushes (2)',
        'Files delivered: 9 of 12',
        'Data delivered: 1.2 GB (1,234,567,890 bytes)',
        'Failed files: 3',
        '',
        'Failed files and reasons:',
        '- Day 1/clip-001.mov: The storage rejected part 1 after 5 attempts',
        '- Day 1/clip-002.mov: The storage rejected part 2 after 5 attempts',
        '- Day 1/clip-003.mov: The storage rejected part 3 after 5 attempts',
        '',
      ].join('\n'),
    );
    expect(lf(message!.HTML)).toBe(
      htmlPage([
        '<p>The package &quot;Spring campaign rushes&quot; was delivered to Iconik, but 3 files failed.</p>',
        '<table>',
        row('Package', 'Spring campaign rushes'),
        row('Delivered as', 'Spring campaign rushes (2)'),
        row('Destination in Iconik', '/Send to cloud/Spring campaign rushes (2)'),
        row('Files delivered', '9 of 12'),
        row('Data delivered', '1.2 GB (1,234,567,890 bytes)'),
        row('Failed files', '3'),
        '</table>',
        '<h3>Failed files and reasons</h3>',
        '<ul>',
        '<li><strong>Day 1/clip-001.mov</strong>: The storage rejected part 1 after 5 attempts</li>',
        '<li><strong>Day 1/clip-002.mov</strong>: The storage rejected part 2 after 5 attempts</li>',
        '<li><strong>Day 1/clip-003.mov</strong>: The storage rejected part 3 after 5 attempts</li>',
        '</ul>',
      ]),
    );
  });

  test('one failed file in the singular', async () => {
    const recipient = uniqueAddress('recipient');
    const summary = makeSummary({ outcome: 'completed_with_failures', filesDelivered: 11, failedFiles: failedFiles(1), failedCount: 1 });

    await harness.run(harness.activities.sendStatusEmail, { deliveryId: 'delivery-status-3', integrationId, recipients: [recipient], summary });

    const [message] = await waitForMessagesTo(recipient);
    expect(message!.Subject).toBe('Delivery completed with 1 failed file: Spring campaign rushes');
    expect(lf(message!.Text).split('\n')[0]).toBe('The package "Spring campaign rushes" was delivered to Iconik, but 1 file failed.');
  });

  test('more than 100 failed files', async () => {
    const recipient = uniqueAddress('recipient');
    const summary = makeSummary({
      outcome: 'completed_with_failures',
      filesTotal: 400,
      filesDelivered: 250,
      bytesDelivered: 52_000_000_000,
      failedFiles: failedFiles(100),
      failedCount: 150,
    });

    await harness.run(harness.activities.sendStatusEmail, { deliveryId: 'delivery-status-4', integrationId, recipients: [recipient], summary });

    const [message] = await waitForMessagesTo(recipient);
    const expectedLines = failedFiles(100).map((file) => `- ${file.path}: ${file.reason}`);
    const expectedItems = failedFiles(100).map((file) => `<li><strong>${file.path}</strong>: ${file.reason}</li>`);
    expect(message!.Subject).toBe('Delivery completed with 150 failed files: Spring campaign rushes');
    expect(lf(message!.Text)).toBe(
      [
        'The package "Spring campaign rushes" was delivered to Iconik, but 150 files failed.',
        '',
        'Package: Spring campaign rushes',
        'Portal: Acme upload portal',
        'Destination in Iconik: /Portal Downloads/Acme upload portal/Spring campaign rushes',
        'Files delivered: 250 of 400',
        'Data delivered: 52 GB (52,000,000,000 bytes)',
        'Failed files: 150',
        '',
        'Failed files and reasons:',
        ...expectedLines,
        '- and 50 more failed files',
        '',
      ].join('\n'),
    );
    expect(lf(message!.HTML)).toBe(
      htmlPage([
        '<p>The package &quot;Spring campaign rushes&quot; was delivered to Iconik, but 150 files failed.</p>',
        '<table>',
        row('Package', 'Spring campaign rushes'),
        row('Portal', 'Acme upload portal'),
        row('Destination in Iconik', '/Portal Downloads/Acme upload portal/Spring campaign rushes'),
        row('Files delivered', '250 of 400'),
        row('Data delivered', '52 GB (52,000,000,000 bytes)'),
        row('Failed files', '150'),
        '</table>',
        '<h3>Failed files and reasons</h3>',
        '<ul>',
        ...expectedItems,
        '<li>and 50 more failed files</li>',
        '</ul>',
      ]),
    );
  });

  test('failed delivery with its reason', async () => {
    const recipient = uniqueAddress('recipient');
    const summary = makeSummary({
      outcome: 'failed',
      failureReason: 'The Iconik user lacks the role can_write_files: add it to the user\'s group in Admin > Groups',
      filesDelivered: 0,
      bytesDelivered: 0,
    });

    await harness.run(harness.activities.sendStatusEmail, { deliveryId: 'delivery-status-5', integrationId, recipients: [recipient], summary });

    const [message] = await waitForMessagesTo(recipient);
    expect(message!.Subject).toBe('Delivery failed: Spring campaign rushes');
    expect(lf(message!.Text)).toBe(
      [
        'The delivery of the package "Spring campaign rushes" to Iconik failed.',
        '',
        'Package: Spring campaign rushes',
        'Portal: Acme upload portal',
        'Destination in Iconik: /Portal Downloads/Acme upload portal/Spring campaign rushes',
        'Files delivered: 0 of 12',
        'Data delivered: 0 bytes',
        'Failed files: 0',
        '',
        'Reason the delivery failed: The Iconik user lacks the role can_write_files: add it to the user\'s group in Admin > Groups',
        '',
      ].join('\n'),
    );
    expect(lf(message!.HTML)).toBe(
      htmlPage([
        '<p>The delivery of the package &quot;Spring campaign rushes&quot; to Iconik failed.</p>',
        '<table>',
        row('Package', 'Spring campaign rushes'),
        row('Portal', 'Acme upload portal'),
        row('Destination in Iconik', '/Portal Downloads/Acme upload portal/Spring campaign rushes'),
        row('Files delivered', '0 of 12'),
        row('Data delivered', '0 bytes'),
        row('Failed files', '0'),
        '</table>',
        '<p><strong>Reason the delivery failed:</strong> The Iconik user lacks the role can_write_files: add it to the user&#39;s group in Admin &gt; Groups</p>',
      ]),
    );
  });

  test('HTML-special file names and reasons are escaped', async () => {
    const recipient = uniqueAddress('recipient');
    const summary = makeSummary({
      packageName: 'R&D <final>',
      deliveredName: 'R&D <final>',
      outcome: 'completed_with_failures',
      filesDelivered: 11,
      failedFiles: [{ path: 'cuts/<img src=x onerror=alert(1)>.mov', reason: 'Size "0" & checksum <none>' }],
      failedCount: 1,
    });

    await harness.run(harness.activities.sendStatusEmail, { deliveryId: 'delivery-status-6', integrationId, recipients: [recipient], summary });

    const [message] = await waitForMessagesTo(recipient);
    expect(message!.Subject).toBe('Delivery completed with 1 failed file: R&D <final>');
    expect(lf(message!.Text)).toContain('- cuts/<img src=x onerror=alert(1)>.mov: Size "0" & checksum <none>\n');
    expect(lf(message!.HTML)).toContain('<p>The package &quot;R&amp;D &lt;final&gt;&quot; was delivered to Iconik, but 1 file failed.</p>\n');
    expect(lf(message!.HTML)).toContain(`${row('Package', 'R&amp;D &lt;final&gt;')}\n`);
    expect(lf(message!.HTML)).toContain('<li><strong>cuts/&lt;img src=x onerror=alert(1)&gt;.mov</strong>: Size &quot;0&quot; &amp; checksum &lt;none&gt;</li>\n');
    expect(message!.HTML).not.toContain('<img');
  });

  test('no recipient at all skips the email', async () => {
    const bare = (await harness.store.repository.create(newIntegration({ emails: [] }))).id;

    const result = await harness.run(harness.activities.sendStatusEmail, { deliveryId: 'delivery-status-7', integrationId: bare, recipients: [], summary: makeSummary() });

    expect(result).toEqual({ skipped: 'no recipients' });
  });

  test('integration addresses alone get the email', async () => {
    const only = uniqueAddress('only-ops');
    const opsOnly = (await harness.store.repository.create(newIntegration({ emails: [only] }))).id;

    const result = await harness.run(harness.activities.sendStatusEmail, { deliveryId: 'delivery-status-8', integrationId: opsOnly, recipients: [], summary: makeSummary() });

    const [message] = await waitForMessagesTo(only);
    expect(result).toMatchObject({ sent: true, recipientCount: 1 });
    expect(message!.To.map((to) => to.Address)).toEqual([only]);
  });
});
