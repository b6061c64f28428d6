import { AbortMultipartUploadCommand, CompleteMultipartUploadCommand, UploadPartCommand, type S3Client } from '@aws-sdk/client-s3';
import type { StorageBackendsOptions } from '../options';
import type { S3MultipartUrls } from '../types';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { presignOptions } from './presign';

/** S3 allows part numbers 1 to 10,000 in one multipart upload. */
const maxPartNumber = 10_000;

/** Presigns the UploadPart, CompleteMultipartUpload and AbortMultipartUpload calls of one multipart upload on MinIO. */
export function createS3MultipartUrls(client: S3Client, options: StorageBackendsOptions): S3MultipartUrls {
  const { logger } = options;

  return {
    async partUrls(location, uploadId, partNumbers, issue) {
      const expired = issue?.expired === true;
      const urls: { number: number; url: string }[] = [];
      for (const number of partNumbers) {
        if (!Number.isInteger(number) || number < 1 || number > maxPartNumber) {
          throw new RangeError(`S3 part number ${number} is invalid: use an integer from 1 to ${maxPartNumber}`);
        }
        const command = new UploadPartCommand({ Bucket: location.bucket, Key: location.key, UploadId: uploadId, PartNumber: number });
        urls.push({ number, url: await getSignedUrl(client, command, presignOptions(options, expired)) });
      }
      logger.debug({ method: 'S3', bucket: location.bucket, key: location.key, uploadId, parts: partNumbers.length, expired }, 'issued part URLs');
      return urls;
    },

    completeUrl(location, uploadId) {
      const command = new CompleteMultipartUploadCommand({ Bucket: location.bucket, Key: location.key, UploadId: uploadId });
      return getSignedUrl(client, command, presignOptions(options, false));
    },

    abortUrl(location, uploadId) {
      const command = new AbortMultipartUploadCommand({ Bucket: location.bucket, Key: location.key, UploadId: uploadId });
      return getSignedUrl(client, command, presignOptions(options, false));
    },

    async abortUpload(location, uploadId) {
      await client.send(new AbortMultipartUploadCommand({ Bucket: location.bucket, Key: location.key, UploadId: uploadId }));
      logger.info({ method: 'S3', bucket: location.bucket, key: location.key, uploadId }, 'aborted multipart upload');
    },
  };
}
