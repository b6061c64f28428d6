import type { Readable } from 'node:stream';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { TransferInputError } from '../errors';
import type { ByteRange, SourceRead, SourceReader } from './types';

/** The S3-compatible store that `s3://` sources are read from. */
export interface S3SourceOptions {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** Reads `s3://bucket/key` sources with ranged GetObject calls on the configured store. */
export function createS3SourceReader(options: S3SourceOptions): SourceReader {
  const client = new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    // Path-style addressing works on MinIO and on AWS alike.
    forcePathStyle: true,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
  });

  return {
    protocols: ['s3:'],

    async open(url: URL, range: ByteRange, signal?: AbortSignal): Promise<SourceRead> {
      const bucket = url.hostname;
      const key = decodeURIComponent(url.pathname.replace(/^\//, ''));
      if (bucket === '' || key === '') throw new TransferInputError('InvalidSource', `S3 source ${url.href} needs a bucket and a key: use s3://bucket/key`);

      // A range that starts at 0 and runs to the end is read without a Range header, because S3 rejects any range on an empty object.
      const rangeHeader = range.start === 0 && range.end === undefined ? undefined : `bytes=${range.start}-${range.end === undefined ? '' : range.end - 1}`;
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: rangeHeader }), { abortSignal: signal }).catch((error: Error) => {
        throw new Error(`S3 source s3://${bucket}/${key} cannot be read from ${options.endpoint}: ${error.name} ${error.message}`);
      });
      const size = totalSize(response.ContentRange, response.ContentLength);
      if (size === undefined) throw new Error(`S3 source s3://${bucket}/${key} returned no Content-Length or Content-Range, so its size is unknown`);
      return { stream: response.Body as Readable, size };
    },
  };
}

/** Reads the total from `bytes a-b/total`, or takes the length of a whole-object answer. */
function totalSize(contentRange: string | undefined, contentLength: number | undefined): number | undefined {
  const total = contentRange === undefined ? undefined : /\/(\d+)$/.exec(contentRange)?.[1];
  if (total !== undefined) return Number(total);
  return contentRange === undefined ? contentLength : undefined;
}
