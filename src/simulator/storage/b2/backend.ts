import { pathToFileURL } from 'node:url';
import { encodeKeyPath, joinUrl } from '../keys';
import type { StorageBackendsOptions } from '../options';
import type { StorageBackend, UploadTarget } from '../types';
import { checkB2BucketName, checkB2FileName } from './file-names';
import type { B2Service } from './service';

/** Issues B2 upload URLs and tokens on the simulator's own B2 endpoints and reads back the files stored on disk. */
export function createB2Backend(service: B2Service, options: StorageBackendsOptions): StorageBackend {
  const { logger } = options;
  const { store } = service;

  return {
    method: 'B2',

    async ensureBucket(bucket) {
      checkB2BucketName(bucket);
      if (await store.ensureBucket(bucket)) logger.info({ method: 'B2', bucket }, 'created bucket');
    },

    async issueUploadTarget(location, issue) {
      checkB2BucketName(location.bucket);
      checkB2FileName(location.key);
      await store.ensureBucket(location.bucket);
      const expired = issue?.expired === true;
      const token = service.tokens.issue({ kind: 'upload_file', bucket: location.bucket }, { expired });
      const target: UploadTarget = {
        upload_url: joinUrl(options.simulatorUrl(), `/b2api/v2/b2_upload_file/${encodeKeyPath(location.bucket)}`),
        upload_credentials: { authorizationToken: token },
        upload_filename: location.key,
        // Iconik does not document the values of upload_method, so the simulator leaves it empty.
        upload_method: null,
        multipart_upload_url: null,
      };
      logger.debug({ method: 'B2', bucket: location.bucket, key: location.key, expired }, 'issued upload target');
      return target;
    },

    async statObject(location) {
      const record = await store.stat(location.bucket, location.key);
      return record === undefined ? undefined : { size: record.contentLength };
    },

    readObject(location) {
      return store.read(location.bucket, location.key);
    },

    deleteObject(location) {
      return store.delete(location.bucket, location.key);
    },

    async *listObjects(bucket, prefix) {
      for await (const record of store.list(bucket, prefix)) yield { key: record.fileName, size: record.contentLength };
    },

    async readUrl(location) {
      if ((await store.stat(location.bucket, location.key)) === undefined) {
        throw new Error(`B2 file "${location.key}" not found in bucket ${location.bucket}`);
      }
      return pathToFileURL(store.dataPath(location.bucket, location.key)).href;
    },
  };
}

/** Builds the part-upload URL of one large file on the simulator's B2 endpoints. */
export function b2PartUploadUrl(options: StorageBackendsOptions, fileId: string): string {
  return joinUrl(options.simulatorUrl(), `/b2api/v2/b2_upload_part/${encodeURIComponent(fileId)}`);
}
