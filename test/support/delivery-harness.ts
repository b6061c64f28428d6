import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { createControlActivities, createTransferQueueActivities } from '../../src/activities';
import { loadConfig } from '../../src/config';
import { createTemporalDeliveryStarter } from '../../src/deliveries/temporal-starter';
import type { DeliveryStarter } from '../../src/domain/delivery';
import { IconikClient } from '../../src/iconik/client';
import { Throttle } from '../../src/iconik/throttle';
import { developmentKeyRing } from '../../src/integrations/crypto/key-ring';
import { createTokenCipher } from '../../src/integrations/crypto/token-cipher';
import { openIntegrationStore, type IntegrationStore } from '../../src/integrations/store';
import { createLogger } from '../../src/logging/logger';
import { createSmtpMailer } from '../../src/notifications/email/mailer';
import { createSlackPoster } from '../../src/notifications/slack/slack-client';
import { openPackageStore, type PackageStore } from '../../src/packages';
import { createFileSourceReader, createHttpSourceReader, createS3SourceReader, createSourceOpener } from '../../src/transfer';
import { createWorker, workerIdentity } from '../../src/workers/create-worker';
import type { DeliveryOptions } from '../../src/workflows/delivery/delivery-workflow';
import { startSimulator, type SimulatorHarness } from '../simulator/support/harness';
import { workflowBundlePath } from './workflow-bundle';

export interface DeliveryHarness {
  simulator: SimulatorHarness;
  integrations: IntegrationStore['repository'];
  packages: PackageStore['repository'];
  temporal: Client;
  starter: DeliveryStarter;
  /** Folder that `file://` sources must sit in. */
  sourceRoot: string;
  taskQueue: string;
  close(): Promise<void>;
}

/**
 * Runs the delivery end to end against the local stack: an in-process Iconik
 * simulator (storage on MinIO, Azurite, fake-gcs-server), temp SQLite stores,
 * Mailpit for email, and a control and a transfer worker on task queues of
 * their own on the stack's Temporal server.
 */
export async function startDeliveryHarness(overrides: Partial<DeliveryOptions> = {}): Promise<DeliveryHarness> {
  const config = loadConfig();
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent', name: 'delivery-test' });
  const simulator = await startSimulator();
  const dir = mkdtempSync(join(tmpdir(), 'delivery-test-'));
  const sourceRoot = join(dir, 'sources');
  mkdirSync(sourceRoot);
  const database = { engine: 'sqlite' as const, file: join(dir, 'store.sqlite') };
  const integrationStore = await openIntegrationStore({ database, encryptionKeys: developmentKeyRing() }, { logger });
  const packageStore = await openPackageStore(database, { logger });

  const connection = await Connection.connect({ address: config.temporal.address });
  const temporal = new Client({ connection, namespace: config.temporal.namespace });
  const workerConnection = await NativeConnection.connect({ address: config.temporal.address });
  const taskQueue = `delivery-test-${randomUUID()}`;
  const transferTaskQueue = `${taskQueue}-transfer`;

  const createIconikClient = ({ baseUrl, appId, token, signal }: { baseUrl: string; appId: string; token: string; signal?: AbortSignal }) =>
    new IconikClient({ baseUrl, appId, authToken: token, logger, signal, throttle: new Throttle(500), retry: { maxAttempts: 6, initialDelayMs: 20, maxDelayMs: 2_000 } });
  const mailer = createSmtpMailer(`smtp://127.0.0.1:${config.stack.ports.smtp}`);
  // The stack's Slack stand-in plays Slack's Web API.
  const slack = createSlackPoster({ token: config.slackStandin.token, apiUrl: `http://127.0.0.1:${config.slackStandin.port}/api/`, logger });

  const control = await createWorker({
    connection: workerConnection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflows: true,
    workflowBundle: { codePath: workflowBundlePath() },
    activities: createControlActivities({
      logger,
      workerIdentity: workerIdentity(),
      delivery: { integrations: integrationStore.repository, packages: packageStore.repository, createIconikClient, temporal, taskQueue, logger },
      notifications: { mailer, slack, integrations: integrationStore.repository, logger, emailFrom: 'iconik-delivery <deliveries@localhost>' },
    }),
  });
  const transfer = await createWorker({
    connection: workerConnection,
    namespace: config.temporal.namespace,
    taskQueue: transferTaskQueue,
    workflows: false,
    activities: createTransferQueueActivities({
      logger,
      integrations: integrationStore.repository,
      createIconikClient,
      sources: createSourceOpener([createFileSourceReader({ root: sourceRoot }), createS3SourceReader(config.sources.s3), createHttpSourceReader({ logger })]),
      transfer: { partsInFlight: 3, minPartSizeBytes: 5 * 1024 * 1024 },
      tokenCipher: createTokenCipher(developmentKeyRing()),
      progressIntervalMs: 100,
    }),
  });
  const running = Promise.all([control.run(), transfer.run()]);

  const options: DeliveryOptions = {
    pageSize: 50,
    window: 4,
    transferTaskQueue,
    supportWindow: '5 minutes',
    historyLimit: 8_000,
    uiBaseUrl: config.temporal.uiUrl,
    ...overrides,
  };

  return {
    simulator,
    integrations: integrationStore.repository,
    packages: packageStore.repository,
    temporal,
    starter: createTemporalDeliveryStarter({ client: temporal, taskQueue, options, logger }),
    sourceRoot,
    taskQueue,
    async close() {
      shutdown([control, transfer]);
      await running;
      await workerConnection.close();
      await connection.close();
      mailer.close();
      await packageStore.close();
      await integrationStore.close();
      await simulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function shutdown(workers: Worker[]): void {
  for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
}
