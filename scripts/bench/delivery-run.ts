import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Client } from '@temporalio/client';
import type { Config } from '../../src/config';
import { deliveryOptionsFromConfig } from '../../src/deliveries/options';
import { createTemporalDeliveryStarter } from '../../src/deliveries/temporal-starter';
import type { DeliverySummary } from '../../src/domain/delivery';
import { developmentKeyRing } from '../../src/integrations/crypto/key-ring';
import { openIntegrationStore } from '../../src/integrations/store';
import type { Logger } from '../../src/logging/logger';
import { openPackageStore } from '../../src/packages';
import { workerEnvironment, workerNodeFlags } from '../../src/workers/memory-settings';
import { createSimulatorServer } from '../../src/simulator/server';
import { createStorageBackends, storageBackendsOptionsFromConfig } from '../../src/simulator/storage';
import { readDeliveryHistory, type HistoryCounts } from './history';
import { readStatusKib, sampleRss } from './memory';
import { checkObjects, deletePrefix, type ObjectCheck } from './objects';
import { liftedIconikRate, type GeneratedWorkload } from './workloads';

// The simulator fixture's power user and its MinIO storage; test-only values.
const simulatorCredentials = { appId: '00000000-0000-4000-8000-000000000202', token: 'sim-test-only-token-power' };
const simulatorS3Storage = { id: '00000000-0000-4000-8000-000000000301', bucket: 'iconik-sim-s3' };

export interface DeliveryRunResult {
  seconds: number;
  /** VmRSS of the worker process once its workers poll, before the delivery starts, in MiB. */
  idleRssMib: number;
  /** Maximum VmRSS of the worker process while the delivery ran, in MiB. */
  peakRssMib: number;
  /** The kernel's peak for the worker process over its whole life, start-up included, in MiB. */
  lifetimePeakRssMib: number;
  iconikCalls: number;
  history: HistoryCounts;
  check: ObjectCheck;
  summary: DeliverySummary;
}

export interface DeliveryBenchSettings {
  config: Config;
  logger: Logger;
  temporal: Client;
  s3: S3Client;
  /** Folder for the bench's SQLite store. */
  workDir: string;
  /** Folder the worker may read `file://` sources from; every workload lies under it. */
  sourceRoot: string;
  workflowBundlePath: string;
  /** The worker process compiled to JavaScript by `buildWorkerProcess`. */
  workerScriptPath: string;
  filesInParallel: number;
  partsInFlight: number;
  partSizeMib: number;
  /** When set, the worker process writes a V8 CPU profile of each run into this folder. */
  cpuProfileDir?: string;
}

export interface DeliveryBench {
  run(workload: GeneratedWorkload, label: string): Promise<DeliveryRunResult>;
  close(): Promise<void>;
}

/**
 * Prepares deliveries as the service runs them: an Iconik simulator in this
 * process, storing to MinIO, an integration in a SQLite store of its own, and
 * for each run a worker process started from scripts/bench/worker-process.ts,
 * compiled to JavaScript.
 */
export async function openDeliveryBench(settings: DeliveryBenchSettings): Promise<DeliveryBench> {
  const { config, logger } = settings;
  // The worker's own throttle keeps each workload to its Iconik rate. The
  // simulator allows the highest of them, so it never refuses the lifted one.
  const rateLimit = { perSecond: liftedIconikRate, burst: liftedIconikRate };
  const simConfig: Config['iconikSim'] = { ...config.iconikSim, port: 0, stateFile: undefined, rateLimit };
  let simulatorUrl = '';
  const storage = createStorageBackends(storageBackendsOptionsFromConfig({ ...config, iconikSim: simConfig }, () => simulatorUrl, logger));
  // No keyframe extractor: keyframes are Iconik's work, and ffmpeg would take CPU from the measured worker.
  const simulator = await createSimulatorServer({ config: simConfig, logger, storage, storagePlugin: storage.routes });
  await simulator.app.listen({ host: '127.0.0.1', port: 0 });
  simulatorUrl = `http://127.0.0.1:${(simulator.app.server.address() as AddressInfo).port}`;

  const databaseFile = join(settings.workDir, 'bench.sqlite');
  const database = { engine: 'sqlite' as const, file: databaseFile };
  const integrationStore = await openIntegrationStore({ database, encryptionKeys: developmentKeyRing() }, { logger });
  const packageStore = await openPackageStore(database, { logger });
  const integration = await integrationStore.repository.create({
    name: 'Bench (local simulator)',
    iconikBaseUrl: simulatorUrl,
    appId: simulatorCredentials.appId,
    token: simulatorCredentials.token,
    storageId: simulatorS3Storage.id,
    portalIds: ['bench-portal'],
    notifications: { slackChannel: null, emails: [] },
  });

  const totalRequests = () => Object.values(simulator.store.state.requestCounts).reduce((sum, count) => sum + count, 0);

  return {
    async run(workload, label) {
      // Every run starts from the fixture, so the objects of earlier runs do not slow the simulator down.
      simulator.reset();
      const pkg = {
        id: `${label}-${Date.now()}`,
        name: label,
        portal: { id: 'bench-portal', name: 'Bench' },
        uploaderEmail: 'bench@example.com',
        recipients: [],
        metadata: {},
        downloadUrl: null,
        folders: [...new Set(workload.files.map((file) => file.path.split('/').slice(0, -1).join('/')).filter((folder) => folder !== ''))],
        files: workload.files.map((file) => ({ path: file.path, size: file.size, source: pathToFileURL(join(workload.dir, file.path)).href })),
      };
      await packageStore.repository.save(pkg);

      const taskQueue = `bench-${pkg.id}`;
      const worker = await startWorkerProcess(settings, { databaseFile, taskQueue, iconikRequestsPerSecond: workload.iconikRequestsPerSecond });
      try {
        const options = {
          ...deliveryOptionsFromConfig(config),
          window: workload.deliveryWindow ?? settings.filesInParallel,
          transferTaskQueue: `${taskQueue}-transfer`,
          // A failed file ends the run soon instead of waiting for support staff.
          supportWindow: '1 second' as const,
        };
        const starter = createTemporalDeliveryStarter({ client: settings.temporal, taskQueue, options, logger });
        const callsBefore = totalRequests();
        const idleRssMib = (readStatusKib(worker.pid ?? 0, 'VmRSS') ?? 0) / 1024;
        const sampler = sampleRss(worker.pid ?? 0);
        const started = process.hrtime.bigint();
        const { deliveryId, runId } = await starter.start({ integrationId: integration.id, packageId: pkg.id });
        const summary = (await settings.temporal.workflow.getHandle(deliveryId).result()) as DeliverySummary;
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const peakRssMib = sampler.stop();
        // The kernel updates VmHWM lazily, so it can trail the last VmRSS sample by a few pages.
        const lifetimePeakRssMib = Math.max(peakRssMib, (readStatusKib(worker.pid ?? 0, 'VmHWM') ?? 0) / 1024);
        const iconikCalls = totalRequests() - callsBefore;

        const history = await readDeliveryHistory(settings.temporal, deliveryId, runId);
        await terminateLeftovers(settings.temporal, taskQueue);
        const prefix = `${summary.destinationPath.slice(1)}/`;
        const check = await checkObjects(settings.s3, simulatorS3Storage.bucket, prefix, workload);
        await deletePrefix(settings.s3, simulatorS3Storage.bucket, prefix);
        return { seconds, idleRssMib, peakRssMib, lifetimePeakRssMib, iconikCalls, history, check, summary };
      } finally {
        await stopWorkerProcess(worker);
      }
    },
    async close() {
      await packageStore.close();
      await integrationStore.close();
      await simulator.close();
      await storage.close();
    },
  };
}

/**
 * Terminates what still runs on the run's task queue once the delivery is
 * done: its name allocator waits 10 minutes for more claims, and no worker
 * polls the queue after the run to let it end.
 */
async function terminateLeftovers(temporal: Client, taskQueue: string): Promise<void> {
  for await (const execution of temporal.workflow.list({ query: `TaskQueue = "${taskQueue}" AND ExecutionStatus = "Running"` })) {
    await temporal.workflow.getHandle(execution.workflowId, execution.runId).terminate('the bench run is over and its worker process has stopped');
  }
}

/** Starts the worker process and waits until both its workers poll. */
async function startWorkerProcess(settings: DeliveryBenchSettings, run: { databaseFile: string; taskQueue: string; iconikRequestsPerSecond: number }): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: 'error',
    DATABASE_FILE: run.databaseFile,
    SOURCE_FILE_ROOT: settings.sourceRoot,
    TEMPORAL_TASK_QUEUE: run.taskQueue,
    DELIVERY_FILE_WINDOW: String(settings.filesInParallel),
    TRANSFER_PARTS_IN_FLIGHT: String(settings.partsInFlight),
    TRANSFER_MIN_PART_SIZE_MIB: String(settings.partSizeMib),
    ...workerEnvironment,
  };
  // The worker must read the bench's SQLite store, not a PostgreSQL database named in the environment.
  delete env.DATABASE_URL;
  delete env.TEMPORAL_TRANSFER_TASK_QUEUE;
  const profile = settings.cpuProfileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', settings.cpuProfileDir];
  // The worker process starts with the memory settings of the service's start commands.
  const child = fork(settings.workerScriptPath, [settings.workflowBundlePath, String(run.iconikRequestsPerSecond)], {
    execArgv: [...workerNodeFlags, ...profile],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the bench worker process exited with code ${code} before its workers started: see its output above`)));
  });
  return child;
}

async function stopWorkerProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}
