import { encodeKeyPath, joinUrl } from '../keys';
import { expiredTargetAgeSeconds, type StorageBackendsOptions } from '../options';
import type { StorageBackend, UploadTarget } from '../types';
import type { FakeGcsApi } from './fake-gcs-api';
import type { GcsUrlSigner } from './signed-url';

/**
 * Issues signed GCS upload URLs that point at the simulator's resumable
 * upload layer (served by `createGcsResumableRoutes`), and reads objects
 * back from fake-gcs-server.
 */
export function createGcsBackend(api: FakeGcsApi, signer: GcsUrlSigner, options: StorageBackendsOptions): StorageBackend {
  const { logger } = options;

  return {
    method: 'GCS',

    async ensureBucket(bucket) {
      if ((await api.createBucket(bucket)) === 'created') logger.info({ method: 'GCS', bucket }, 'created bucket');
    },

    issueUploadTarget(location, issue) {
      const expired = issue?.expired === true;
      const lifetime = options.targetLifetimeSeconds;
      // An expired URL was signed so long ago that its lifetime ended two hours before now.
      const signedAt = expired ? new Date(Date.now() - (lifetime + expiredTargetAgeSeconds) * 1000) : new Date();
      const query = signer.sign(location.bucket, location.key, signedAt, lifetime);
      const target: UploadTarget = {
        upload_url: joinUrl(options.simulatorUrl(), `/gcs/${encodeURIComponent(location.bucket)}/${encodeKeyPath(location.key)}?${query}`),
        upload_credentials: null,
        upload_filename: location.key,
        // Iconik does not document the values of upload_method, so the simulator leaves it empty.
        upload_method: null,
        multipart_upload_url: null,
      };
      logger.debug({ method: 'GCS', bucket: location.bucket, key: location.key, expired }, 'issued upload target');
      return Promise.resolve(target);
    },

    statObject(location) {
      return api.getObject(location.bucket, location.key);
    },

    readObject(location) {
      return api.download(location.bucket, location.key);
    },

    deleteObject(location) {
      return api.deleteObject(location.bucket, location.key);
    },

    async *listObjects(bucket, prefix) {
      let pageToken: string | undefined;
      do {
        const page = await api.listPage(bucket, prefix, pageToken);
        yield* page.items;
        pageToken = page.nextPageToken;
      } while (pageToken !== undefined);
    },

    // fake-gcs-server serves downloads without authentication and honours Range requests.
    readUrl(location) {
      return Promise.resolve(api.downloadUrl(location.bucket, location.key));
    },
  };
}
