import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { GeneratedWorkload } from './workloads';

/**
 * Uploads every file of the workload straight to the bucket with
 * `@aws-sdk/lib-storage`, `filesInParallel` files at a time and
 * `partsInFlight` parts per file: a bytes-only reference for the delivery,
 * which also registers each file in Iconik through Temporal.
 * Files smaller than one part go up as one PutObject, larger ones as multipart uploads.
 */
export async function uploadWithSdk(
  s3: S3Client,
  workload: GeneratedWorkload,
  target: { bucket: string; prefix: string },
  settings: { filesInParallel: number; partsInFlight: number; partSizeBytes: number },
): Promise<{ seconds: number }> {
  const started = process.hrtime.bigint();
  let next = 0;
  const uploadNext = async (): Promise<void> => {
    while (next < workload.files.length) {
      const file = workload.files[next++]!;
      const upload = new Upload({
        client: s3,
        params: { Bucket: target.bucket, Key: `${target.prefix}${file.path}`, Body: createReadStream(join(workload.dir, file.path)), ContentLength: file.size },
        queueSize: settings.partsInFlight,
        partSize: settings.partSizeBytes,
      });
      await upload.done();
    }
  };
  await Promise.all(Array.from({ length: Math.min(settings.filesInParallel, workload.files.length) }, uploadNext));
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
