// The README's first command: delivers a package of real media through the
// local stack and the Iconik simulator, shows progress, then prints what
// arrived where.
//   npm run demo                  a generated package of video, audio and stills
//   npm run demo -- <folder>      any folder of yours
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../src/config';
import { createControlActivities, createTransferQueueActivities } from '../src/activities';
import { deliveryOptionsFromConfig } from '../src/deliveries/options';
import { createTemporalDeliveryStarter } from '../src/deliveries/temporal-starter';
import { createLogger } from '../src/logging/logger';
import { createSmtpMailer } from '../src/notifications/email/mailer';
import { createSlackPoster } from '../src/notifications/slack/slack-client';
import { createFileSourceReader, createSourceOpener } from '../src/transfer';
import { createWorker, workerIdentity } from '../src/workers/create-worker';
import { installRuntimeLogger } from '../src/workers/runtime';
import { openWorkerServices } from '../src/workers/services';
import { progressQuery } from '../src/workflows/delivery/messages';
import { makeDemoMedia } from './demo/media';
import { printReport } from './demo/report';
import { scanFolder } from './demo/scan';

// The fixture's admin App ID and token; test-only values of the local simulator.
const simulatorCredentials = { appId: '00000000-0000-4000-8000-000000000201', token: 'sim-test-only-token-admin' };
const simulatorS3Storage = '00000000-0000-4000-8000-000000000301';

async function main(): Promise<void> {
  execFileSync(process.execPath, [...process.execArgv, require.resolve('./stack'), 'up'], { stdio: 'inherit' });
  const config = loadConfig();
  const logger = createLogger({ level: 'error', name: 'demo' });
  installRuntimeLogger(logger);

  const given = process.argv[2];
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  // A recipient of its own per run, so the report shows only this run's mail.
  const recipient = `producer+${stamp.toLowerCase()}@demo.example`;
  const folder = given === undefined ? join(config.stack.dir, 'demo', `package-${stamp}`) : resolve(given);
  if (given === undefined) {
    mkdirSync(folder, { recursive: true });
    console.log(`\nMaking a demo package with ffmpeg in ${folder}`);
    makeDemoMedia(folder);
  }

  const services = await openWorkerServices(config, logger);
  const existing = (await services.integrations.list()).find((integration) => integration.name === 'Demo (local simulator)');
  const integration =
    existing ??
    (await services.integrations.create({
      name: 'Demo (local simulator)',
      iconikBaseUrl: `http://127.0.0.1:${config.iconikSim.port}`,
      appId: simulatorCredentials.appId,
      token: simulatorCredentials.token,
      storageId: simulatorS3Storage,
      portalIds: ['demo-portal'],
      notifications: { slackChannel: 'deliveries', emails: [] },
    }));

  const pkg = scanFolder(folder, {
    id: `demo-${stamp}`,
    name: given === undefined ? 'Demo shoot' : basename(folder),
    portal: { id: 'demo-portal', name: 'Demo portal' },
    uploaderEmail: 'uploader@demo.example',
    recipients: [recipient],
    metadata: { project: 'Demo' },
    downloadUrl: null,
  });
  await services.packages.save(pkg);
  console.log(`Package ${pkg.id}: ${pkg.files.length} files, ${pkg.folders.length} folders`);

  // The demo's own workers: the folder given is the only place files are read from.
  const slack = createSlackPoster({ token: config.slackStandin.token, apiUrl: `http://127.0.0.1:${config.slackStandin.port}/api/`, logger });
  const mailer = createSmtpMailer(config.notifications.smtpUrl);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const taskQueue = `demo-${stamp}`;
  const options = { ...deliveryOptionsFromConfig(config), transferTaskQueue: `${taskQueue}-transfer` };
  const control = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflows: true,
    activities: createControlActivities({
      logger,
      workerIdentity: workerIdentity(),
      delivery: { ...services.deliveryDependencies, taskQueue },
      notifications: { mailer, slack, integrations: services.integrations, logger, emailFrom: config.notifications.emailFrom },
    }),
  });
  const transfer = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: options.transferTaskQueue,
    workflows: false,
    activities: createTransferQueueActivities({ ...services.transferDependencies, sources: createSourceOpener([createFileSourceReader({ root: folder })]) }),
  });
  const running = Promise.all([control.run(), transfer.run()]);

  try {
    const starter = createTemporalDeliveryStarter({ client: services.temporal, taskQueue, options, logger });
    const { deliveryId } = await starter.start({ integrationId: integration.id, packageId: pkg.id });
    const ui = `${options.uiBaseUrl}/namespaces/${config.temporal.namespace}/workflows/${encodeURIComponent(deliveryId)}`;
    console.log(`Delivery ${deliveryId} started; watch it in the Temporal UI: ${ui}\n`);

    const handle = services.temporal.workflow.getHandle(deliveryId);
    const result = handle.result();
    let done = false;
    void result.finally(() => (done = true));
    let last = '';
    while (!done) {
      const progress = await handle.query(progressQuery).catch(() => undefined);
      const line = progress === undefined ? '' : `  ${progress.stage.padEnd(20)} files ${progress.filesDelivered}/${progress.filesTotal}, failed ${progress.filesFailed}, bytes ${progress.bytesDelivered}/${progress.bytesTotal}`;
      if (line !== '' && line !== last) console.log(line);
      last = line;
      await new Promise((resolvePause) => setTimeout(resolvePause, 500));
    }
    const summary = (await result) as { outcome: string; deliveredName: string; destinationPath: string };
    console.log(`\nDelivery ${summary.outcome}: "${summary.deliveredName}" at ${summary.destinationPath}`);

    // Keyframe jobs run after each file closes; give the transcoder a moment.
    await new Promise((resolvePause) => setTimeout(resolvePause, 2_000));
    await printReport(config, deliveryId, recipient, summary.destinationPath);
    console.log(`\nTemporal UI: ${ui}`);
  } finally {
    control.shutdown();
    transfer.shutdown();
    await running;
    await connection.close();
    mailer.close();
    await services.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
