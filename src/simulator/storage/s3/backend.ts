import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import type { StorageBackendsOptions } from '../options';
import type { ObjectLocation, StorageBackend, UploadTarget } from '../types';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { presignOptions } from './presign';

/** Creates the S3 client for MinIO, with path-style addressing because MinIO serves no per-bucket host names here. */
export function createS3Client(options: StorageBackendsOptions['s3']): S3Client {
  return new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    forcePathStyle: true,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    // Presigned URLs must not carry checksum parameters that a plain client
    // cannot satisfy, so checksums are computed only where S3 requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Issues presigned PutObject and CreateMultipartUpload URLs on MinIO and reads back what arrived. */
export function createS3Backend(client: S3Client, options: StorageBackendsOptions): StorageBackend {
  const { logger } = options;

  return {
    method: 'S3',

    async ensureBucket(bucket) {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
        return;
      } catch (error) {
        if (!isStatus(error, 404)) throw error;
      }
      try {
        await client.send(new CreateBucketCommand({ Bucket: bucket }));
        logger.info({ method: 'S3', bucket }, 'created bucket');
      } catch (error) {
        // Another caller may have created it between the two calls.
        if (!(error instanceof S3ServiceException && error.name === 'BucketAlreadyOwnedByYou')) throw error;
      }
    },

    async issueUploadTarget(location, issue) {
      const expired = issue?.expired === true;
      const target: UploadTarget = {
        upload_url: await getSignedUrl(client, new PutObjectCommand({ Bucket: location.bucket, Key: location.key }), presignOptions(options, expired)),
        upload_credentials: null,
        upload_filename: location.key,
        // Iconik does not document the values of upload_method, so the simulator leaves it empty.
        upload_method: null,
        multipart_upload_url: await getSignedUrl(client, new CreateMultipartUploadCommand({ Bucket: location.bucket, Key: location.key }), presignOptions(options, expired)),
      };
      logger.debug({ method: 'S3', bucket: location.bucket, key: location.key, expired }, 'issued upload target');
      return target;
    },

    async statObject(location) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }));
        return { size: head.ContentLength ?? 0 };
      } catch (error) {
        if (isStatus(error, 404)) return undefined;
        throw error;
      }
    },

    async readObject(location) {
      const response = await client.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
      if (!(response.Body instanceof Readable)) {
        throw new Error(`S3 GetObject on ${describe(location)} returned no Node.js stream body`);
      }
      return response.Body;
    },

    async deleteObject(location) {
      await client.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: location.key }));
    },

    async *listObjects(bucket, prefix) {
      for await (const page of paginateListObjectsV2({ client, pageSize: 1000 }, { Bucket: bucket, Prefix: prefix })) {
        for (const object of page.Contents ?? []) {
          if (object.Key !== undefined) yield { key: object.Key, size: object.Size ?? 0 };
        }
      }
    },

    readUrl(location) {
      return getSignedUrl(client, new GetObjectCommand({ Bucket: location.bucket, Key: location.key }), presignOptions(options, false));
    },
  };
}

function isStatus(error: unknown, status: number): boolean {
  return error instanceof S3ServiceException && error.$metadata.httpStatusCode === status;
}

function describe(location: ObjectLocation): string {
  return `s3://${location.bucket}/${location.key}`;
}
