import type { Config } from '../../config';
import type { Logger } from '../../logging/logger';
import { createAzureBackend } from './azure/backend';
import { b2PartUploadUrl, createB2Backend } from './b2/backend';
import { createB2Routes } from './b2/routes';
import { createB2Service } from './b2/service';
import { createFakeGcsApi } from './gcs/fake-gcs-api';
import { createGcsBackend } from './gcs/backend';
import { createGcsResumableRoutes } from './gcs/resumable-routes';
import { createGcsUrlSigner } from './gcs/signed-url';
import { defaultTargetLifetimeSeconds, type StorageBackendsOptions } from './options';
import { combineStorageRoutes } from './routes';
import { createS3Backend, createS3Client } from './s3/backend';
import { createS3MultipartUrls } from './s3/multipart';
import type { StorageBackends } from './types';

export type { StorageBackendsOptions } from './options';
export { B2Error } from './b2/errors';
export type * from './types';

/**
 * Builds every storage backend. S3, AZURE and GCS objects live on MinIO,
 * Azurite and fake-gcs-server; B2 objects live in `options.b2.dir`, uploaded
 * through `routes`, which the simulator's server must register.
 */
export function createStorageBackends(options: StorageBackendsOptions): StorageBackends {
  const s3Client = createS3Client(options.s3);
  const gcsApi = createFakeGcsApi(options.gcs.endpoint);
  const gcsSigner = createGcsUrlSigner();
  const b2 = createB2Service(options.b2.dir, options.logger);

  return {
    byMethod: {
      S3: createS3Backend(s3Client, options),
      AZURE: createAzureBackend(options),
      GCS: createGcsBackend(gcsApi, gcsSigner, options),
      B2: createB2Backend(b2, options),
    },
    s3Multipart: createS3MultipartUrls(s3Client, options),
    b2LargeFiles: b2.largeFileCalls((fileId) => b2PartUploadUrl(options, fileId)),
    b2Faults: b2.faults,
    routes: combineStorageRoutes(createB2Routes(b2, options.logger), createGcsResumableRoutes(gcsApi, gcsSigner, options)),
    close() {
      s3Client.destroy();
      return Promise.resolve();
    },
  };
}

/** Derives the backends' options from the process configuration, for the local stack's servers. */
export function storageBackendsOptionsFromConfig(config: Config, simulatorUrl: () => string, logger: Logger): StorageBackendsOptions {
  const { ports, minio, azurite } = config.stack;
  return {
    s3: { endpoint: `http://127.0.0.1:${ports.minio}`, region: 'us-east-1', accessKeyId: minio.rootUser, secretAccessKey: minio.rootPassword },
    azure: { blobEndpoint: `http://127.0.0.1:${ports.azuriteBlob}/${azurite.accountName}`, accountName: azurite.accountName, accountKey: azurite.accountKey },
    gcs: { endpoint: `http://127.0.0.1:${ports.gcs}` },
    b2: { dir: config.iconikSim.b2Dir },
    simulatorUrl,
    targetLifetimeSeconds: defaultTargetLifetimeSeconds,
    logger,
  };
}
