import { Readable } from 'node:stream';
import { BlobServiceClient, BlockBlobClient, ContainerClient, RestError, StorageSharedKeyCredential } from '@azure/storage-blob';
import { encodeKeyPath } from '../keys';
import type { StorageBackendsOptions } from '../options';
import type { ObjectLocation, StorageBackend, UploadTarget } from '../types';
import { blobSasUrl } from './sas';

/** Issues blob SAS URLs on Azurite and reads back what arrived; the location's bucket is the container. */
export function createAzureBackend(options: StorageBackendsOptions): StorageBackend {
  const { logger } = options;
  const credential = new StorageSharedKeyCredential(options.azure.accountName, options.azure.accountKey);
  const service = new BlobServiceClient(options.azure.blobEndpoint, credential);

  // The SDK's own escaping leaves a `%` that precedes two hex digits as it
  // is, so blob URLs are built here to keep keys such as "100%ab" exact.
  const blobUrl = (location: ObjectLocation): string => `${service.getContainerClient(location.bucket).url}/${encodeKeyPath(location.key)}`;
  const blobClient = (location: ObjectLocation): BlockBlobClient => new BlockBlobClient(blobUrl(location), credential);

  return {
    method: 'AZURE',

    async ensureBucket(container) {
      const response = await service.getContainerClient(container).createIfNotExists();
      if (response.succeeded) logger.info({ method: 'AZURE', container }, 'created container');
    },

    issueUploadTarget(location, issue) {
      const expired = issue?.expired === true;
      const target: UploadTarget = {
        upload_url: blobSasUrl(blobUrl(location), location, credential, options.azure.uploadSasPermissions ?? 'cw', options, expired),
        upload_credentials: null,
        upload_filename: location.key,
        // Iconik does not document the values of upload_method, so the simulator leaves it empty.
        upload_method: null,
        multipart_upload_url: null,
      };
      logger.debug({ method: 'AZURE', container: location.bucket, key: location.key, expired }, 'issued upload target');
      return Promise.resolve(target);
    },

    async statObject(location) {
      try {
        const properties = await blobClient(location).getProperties();
        return { size: properties.contentLength ?? 0 };
      } catch (error) {
        if (error instanceof RestError && error.statusCode === 404) return undefined;
        throw error;
      }
    },

    async readObject(location) {
      const response = await blobClient(location).download();
      const body = response.readableStreamBody;
      if (body === undefined) throw new Error(`Azure download of ${describe(location)} returned no stream body`);
      return body instanceof Readable ? body : Readable.from(body);
    },

    async deleteObject(location) {
      await blobClient(location).deleteIfExists();
    },

    async *listObjects(container, prefix) {
      const containerClient: ContainerClient = service.getContainerClient(container);
      for await (const page of containerClient.listBlobsFlat({ prefix }).byPage({ maxPageSize: 1000 })) {
        for (const blob of page.segment.blobItems) {
          yield { key: blob.name, size: blob.properties.contentLength ?? 0 };
        }
      }
    },

    readUrl(location) {
      return Promise.resolve(blobSasUrl(blobUrl(location), location, credential, 'r', options, false));
    },
  };
}

function describe(location: ObjectLocation): string {
  return `azure container ${location.bucket}, blob ${location.key}`;
}
