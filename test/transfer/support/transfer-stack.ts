import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { CreateBucketCommand, GetObjectCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { loadConfig } from '../../../src/config';
import { IconikClient } from '../../../src/iconik/client';
import { Throttle } from '../../../src/iconik/throttle';
import { developmentKeyRing } from '../../../src/integrations/crypto/key-ring';
import { createTokenCipher } from '../../../src/integrations/crypto/token-cipher';
import { openIntegrationStore, type IntegrationStore } from '../../../src/integrations/store';
import { createLogger, type Logger } from '../../../src/logging/logger';
import { createSimulatorServer, type SimulatorServer } from '../../../src/simulator/server';
import { createStorageBackends, storageBackendsOptionsFromConfig, type StorageBackends } from '../../../src/simulator/storage';
import { createFileSourceReader, createHttpSourceReader, createS3SourceReader, createSourceOpener } from '../../../src/transfer';
import type { TransferDependencies, TransferInput } from '../../../src/transfer';
import { fixtureStorages, fixtureTokens } from '../../simulator/support/fixture-users';
import { adminSecret } from '../../simulator/support/harness';
import { StorageProxy, type PartMethod } from './storage-proxy';

export const mebibyte = 1024 * 1024;
/** S3's smallest part, so a 40 MiB file has 8 parts. */
export const testPartSize = 5 * mebibyte;

/** Encrypts the resume tokens that transfers heartbeat, as the worker's does with the integrations' key ring. */
export const tokenCipher = createTokenCipher(developmentKeyRing());
export const sourceBucket = 'transfer-test-sources';

/**
 * The real components a transfer test runs against: the Iconik simulator
 * (in-process, with its S3 storage on the stack's MinIO behind a recording
 * proxy), an integration store in a temporary SQLite file, and a source root.
 */
export interface TransferStack {
  simulatorUrl: string;
  simulator: SimulatorServer;
  /** The simulator's storage backends, to read objects back and inject B2 faults. */
  storage: StorageBackends;
  /** The proxy in front of MinIO, which S3 uploads pass through. */
  proxy: StorageProxy;
  /** The proxy that each method's uploads pass through; GCS and B2 share the one in front of the simulator's storage routes. */
  proxies: Record<PartMethod, StorageProxy>;
  /** The folder of the simulator's B2 buckets. */
  b2Dir: string;
  store: IntegrationStore;
  integrationId: string;
  client: IconikClient;
  minio: S3Client;
  sourceRoot: string;
  /** Captured log lines of the activity, as written (JSON). */
  logLines: string[];
  logger: Logger;
  deps(overrides?: Partial<TransferDependencies>): TransferDependencies;
  /** Creates asset, format, file set, file record and TRANSFER job for one file, and returns the activity input. */
  prepareFile(name: string, size: number, source: string): Promise<TransferInput>;
  /** Reads back the object of a file record from MinIO and returns its size and MD5. */
  readBack(input: TransferInput): Promise<{ key: string; size: number; md5: string }>;
  armFault(body: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

export interface TransferStackOptions {
  /** Permissions of the Azure upload SAS that the simulator issues; `cw` unless set. */
  azureUploadSasPermissions?: string;
}

export async function startTransferStack(options: TransferStackOptions = {}): Promise<TransferStack> {
  const base = loadConfig();
  const proxy = new StorageProxy({ host: '127.0.0.1', port: base.stack.ports.minio }, testPartSize);
  const proxyPort = Number(new URL(await proxy.start()).port);
  const azureProxy = new StorageProxy({ host: '127.0.0.1', port: base.stack.ports.azuriteBlob }, testPartSize);
  const azureProxyPort = Number(new URL(await azureProxy.start()).port);

  const logLines: string[] = [];
  const logger = createLogger({ level: 'silent', name: 'transfer-test' });
  const captured = (await import('pino')).default(
    { level: 'debug', redact: { paths: ['token', '*.token'], censor: '[redacted]' } },
    { write: (line: string) => void logLines.push(line) },
  );

  const config = {
    ...base.iconikSim,
    port: 0,
    stateFile: undefined,
    indexLagMs: 0,
    rateLimit: { perSecond: 10_000, burst: 10_000 },
    adminSecret,
    b2Dir: mkdtempSync(join(tmpdir(), 'transfer-b2-')),
  };
  // The simulator issues GCS and B2 upload URLs on the proxy in front of its own storage routes.
  let storageRoutesUrl = '';
  const backendOptions = storageBackendsOptionsFromConfig(
    { ...base, iconikSim: config, stack: { ...base.stack, ports: { ...base.stack.ports, minio: proxyPort, azuriteBlob: azureProxyPort } } },
    () => storageRoutesUrl,
    logger,
  );
  backendOptions.azure.uploadSasPermissions = options.azureUploadSasPermissions;
  const storage: StorageBackends = createStorageBackends(backendOptions);
  const simulator = await createSimulatorServer({ config, logger, storage, storagePlugin: storage.routes });
  await simulator.app.listen({ host: '127.0.0.1', port: 0 });
  const simulatorPort = (simulator.app.server.address() as AddressInfo).port;
  const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
  const simulatorProxy = new StorageProxy({ host: '127.0.0.1', port: simulatorPort }, testPartSize);
  storageRoutesUrl = await simulatorProxy.start();

  const dir = mkdtempSync(join(tmpdir(), 'transfer-test-'));
  const sourceRoot = join(dir, 'sources');
  mkdirSync(sourceRoot);
  const store = await openIntegrationStore({ database: { engine: 'sqlite', file: join(dir, 'store.sqlite') }, encryptionKeys: developmentKeyRing() }, { logger });
  const integration = await store.repository.create({
    name: 'Transfer test',
    iconikBaseUrl: simulatorUrl,
    appId: fixtureTokens.power.appId,
    token: fixtureTokens.power.token,
    storageId: fixtureStorages.s3,
  });

  const newClient = (credentials: { baseUrl: string; appId: string; token: string; signal?: AbortSignal }) =>
    new IconikClient({
      baseUrl: credentials.baseUrl,
      appId: credentials.appId,
      authToken: credentials.token,
      logger: captured,
      throttle: new Throttle(1_000),
      retry: { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 100 },
      signal: credentials.signal,
    });
  const client = newClient({ baseUrl: simulatorUrl, appId: fixtureTokens.power.appId, token: fixtureTokens.power.token });

  const { minio: minioCredentials, ports } = base.stack;
  const minio = new S3Client({
    endpoint: `http://127.0.0.1:${ports.minio}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: minioCredentials.rootUser, secretAccessKey: minioCredentials.rootPassword },
  });
  try {
    await minio.send(new HeadBucketCommand({ Bucket: sourceBucket }));
  } catch {
    await minio.send(new CreateBucketCommand({ Bucket: sourceBucket })).catch(() => undefined);
  }

  const sources = createSourceOpener([
    createFileSourceReader({ root: sourceRoot }),
    createS3SourceReader({ endpoint: `http://127.0.0.1:${ports.minio}`, region: 'us-east-1', accessKeyId: minioCredentials.rootUser, secretAccessKey: minioCredentials.rootPassword }),
    createHttpSourceReader({ logger: captured }),
  ]);

  return {
    simulatorUrl,
    simulator,
    storage,
    proxy,
    proxies: { S3: proxy, AZURE: azureProxy, GCS: simulatorProxy, B2: simulatorProxy },
    b2Dir: config.b2Dir,
    store,
    integrationId: integration.id,
    client,
    minio,
    sourceRoot,
    logLines,
    logger: captured,
    deps(overrides = {}) {
      return {
        logger: captured,
        integrations: store.repository,
        createIconikClient: newClient,
        sources,
        transfer: { partsInFlight: 3, minPartSizeBytes: testPartSize },
        tokenCipher,
        storage: { retry: { maxAttempts: 4, initialDelayMs: 20, maxDelayMs: 200 } },
        progressIntervalMs: 0,
        ...overrides,
      };
    },
    async prepareFile(name, size, source) {
      const asset = await client.createAsset({ title: name });
      const format = await client.createFormat(asset.id, { name: 'ORIGINAL', storage_methods: ['S3'] });
      const fileSet = await client.createFileSet(asset.id, { format_id: format.id, storage_id: fixtureStorages.s3, name, base_dir: 'Transfers', component_ids: [] });
      const file = await client.createFile(asset.id, {
        original_name: name,
        directory_path: 'Transfers',
        size,
        type: 'FILE',
        storage_id: fixtureStorages.s3,
        file_set_id: fileSet.id,
        format_id: format.id,
      });
      const job = await client.createJob({ type: 'TRANSFER', status: 'STARTED', title: `Transfer ${name}`, object_type: 'assets', object_id: asset.id });
      return {
        deliveryId: 'delivery-1',
        packageId: 'package-1',
        integrationId: integration.id,
        path: `Pkg/${name}`,
        source,
        size,
        assetId: asset.id,
        fileId: file.id,
        jobId: job.id,
      };
    },
    async readBack(input) {
      const file = await client.getFile(input.assetId, input.fileId, { freshUploadTarget: true });
      const storageRecord = await client.getStorage(fixtureStorages.s3);
      const key = file.upload_filename ?? '';
      const object = await minio.send(new GetObjectCommand({ Bucket: String(storageRecord.settings?.bucket), Key: key }));
      const hash = createHash('md5');
      let size = 0;
      for await (const chunk of object.Body as Readable) {
        hash.update(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
      return { key, size, md5: hash.digest('hex') };
    },
    async armFault(body) {
      const response = await fetch(new URL('/_sim/faults', simulatorUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sim-admin-secret': adminSecret },
        body: JSON.stringify(body),
      });
      if (response.status >= 300) throw new Error(`arming the fault failed with ${response.status}: ${await response.text()}`);
    },
    async close() {
      await simulator.close();
      await storage.close();
      await store.close();
      await proxy.close();
      await azureProxy.close();
      await simulatorProxy.close();
      minio.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
