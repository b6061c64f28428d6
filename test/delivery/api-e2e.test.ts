import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildApiServer, type ApiServer } from '../../src/api/server';
import { signWebhookBody } from '../../src/api/webhook-auth';
import { loadConfig } from '../../src/config';
import { createDeliveryControl } from '../../src/deliveries/control';
import { createIconikClientFactory } from '../../src/iconik/factory';
import { createLogger } from '../../src/logging/logger';
import { fixtureStorages, fixtureTokens } from '../simulator/support/fixture-users';
import { mailTo, md5, readAll } from '../support/delivery-checks';
import { startDeliveryHarness, type DeliveryHarness } from '../support/delivery-harness';
import { writePackage } from '../support/delivery-packages';

const run = promisify(execFile);

const adminToken = 'delivery-api-admin-token';
const webhookSecret = 'delivery-api-webhook-secret';

describe('deliveries through the HTTP API and the command line', () => {
  let harness: DeliveryHarness;
  let api: ApiServer;
  let apiUrl: string;

  beforeAll(async () => {
    harness = await startDeliveryHarness({ supportWindow: '2 minutes' });
    await harness.integrations.create({
      name: 'API',
      iconikBaseUrl: harness.simulator.url,
      appId: fixtureTokens.power.appId,
      token: fixtureTokens.power.token,
      storageId: fixtureStorages.s3,
      portalIds: ['portal-e2e'],
    });
    const logger = createLogger({ level: 'silent', name: 'api-test' });
    api = await buildApiServer({
      logger,
      adminToken,
      integrations: harness.integrations,
      createIconikClient: createIconikClientFactory({ logger, requestsPerSecond: 40 }),
      packageIntake: { packages: harness.packages, deliveries: harness.starter, webhookSecret },
      deliveries: createDeliveryControl(harness.temporal),
    });
    apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await api.close();
    await harness.close();
  });

  async function sendWebhook(body: unknown): Promise<{ status: number; body: any }> {
    const raw = JSON.stringify(body);
    const response = await fetch(`${apiUrl}/webhooks/packages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signWebhookBody(raw, webhookSecret, Math.floor(Date.now() / 1000)) },
      body: raw,
    });
    return { status: response.status, body: await response.json() };
  }

  async function admin(method: 'GET' | 'POST', path: string): Promise<{ status: number; body: any }> {
    const response = await fetch(`${apiUrl}${path}`, { method, headers: { authorization: `Bearer ${adminToken}` } });
    return { status: response.status, body: await response.json() };
  }

  it('delivers a signed webhook and reports it', async () => {
    const recipient = `webhook-${Date.now()}@example.com`;
    const files = { 'a/one.txt': Buffer.from('one'), 'two.txt': randomBytes(6 * 1024 * 1024) };
    const pkg = writePackage(harness.sourceRoot, { name: 'Webhook package', files, recipients: [recipient] });
    const first = await sendWebhook(pkg);
    expect(first.status).toBe(202);
    expect(first.body.deliveries).toHaveLength(1);
    const deliveryId = first.body.deliveries[0].deliveryId as string;

    // The sender retries: nothing new starts and the answer names the same delivery.
    const repeated = await sendWebhook(pkg);
    expect(repeated).toEqual({ status: 202, body: { ...first.body, created: false } });
    expect(first.body.created).toBe(true);

    await harness.temporal.workflow.getHandle(deliveryId).result();
    const status = await admin('GET', `/deliveries/${encodeURIComponent(deliveryId)}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ deliveryId, status: 'COMPLETED', failure: null, result: { outcome: 'completed', filesDelivered: 2, deliveredName: 'Webhook package' } });
    expect(Object.values(harness.simulator.server.store.state.assets).filter((asset) => asset.title === 'one.txt' || asset.title === 'two.txt')).toHaveLength(2);

    for (const [path, bytes] of Object.entries(files)) {
      const key = `Portal Downloads/Acme Portal/Webhook package/${path}`;
      const stored = await readAll(await harness.simulator.storage.byMethod.S3.readObject({ method: 'S3', bucket: 'iconik-sim-s3', key }));
      expect({ key, md5: md5(stored) }).toEqual({ key, md5: md5(bytes) });
    }

    const mail = await mailTo(recipient);
    expect(mail.map((message) => message.Subject).sort()).toEqual(['Delivery completed: Webhook package', 'Package received: Webhook package']);
  });

  it('retries failed files through the API and reads status from the command line', async () => {
    const pkg = writePackage(harness.sourceRoot, { name: 'Retry by API', files: { 'late.bin': Buffer.from('12345678') } });
    const source = fileURLToPath(pkg.files[0]!.source);
    writeFileSync(source, Buffer.from('1234'));
    const { body } = await sendWebhook(pkg);
    const deliveryId = body.deliveries[0].deliveryId as string;
    const path = `/deliveries/${encodeURIComponent(deliveryId)}`;

    const deadline = Date.now() + 60_000;
    while ((await admin('GET', path)).body.progress?.stage !== 'waiting_for_support') {
      if (Date.now() > deadline) throw new Error('the delivery never parked its failed file');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    const config = loadConfig();
    const cli = await run(join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx'), ['src/cli/deliveries.ts', 'status', deliveryId], {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, TEMPORAL_ADDRESS: config.temporal.address, LOG_LEVEL: 'silent' },
    });
    const printed = JSON.parse(cli.stdout) as { status: string; progress: { filesFailed: number; failedFiles: { path: string }[] } };
    expect(printed.status).toBe('RUNNING');
    expect(printed.progress.filesFailed).toBe(1);
    expect(printed.progress.failedFiles.map((file) => file.path)).toEqual(['late.bin']);

    writeFileSync(source, Buffer.from('12345678'));
    expect(await admin('POST', `${path}/retry`)).toEqual({ status: 202, body: { requeued: 1 } });
    await harness.temporal.workflow.getHandle(deliveryId).result();
    expect((await admin('GET', path)).body.result).toMatchObject({ outcome: 'completed', filesDelivered: 1, failedCount: 0 });
    expect(await admin('POST', `${path}/retry`)).toMatchObject({ status: 409 });
  });

  it('answers 404 for an unknown delivery', async () => {
    const { status, body } = await admin('GET', `/deliveries/${encodeURIComponent('delivery/none/none')}`);
    expect(status).toBe(404);
    expect(body.message).toContain('delivery delivery/none/none not found');
  });
});
