import { azureUploadTarget } from './azure';
import { b2UploadTarget } from './b2';
import { gcsUploadTarget } from './gcs';
import { s3UploadTarget } from './s3';
import type { UploadTarget } from './types';

const targets: Record<string, UploadTarget> = {
  S3: s3UploadTarget,
  GCS: gcsUploadTarget,
  AZURE: azureUploadTarget,
  B2: b2UploadTarget,
};

/** Returns the upload target of a storage method, or throws naming the unsupported method. */
export function uploadTargetFor(method: string | null | undefined): UploadTarget {
  const target = method == null ? undefined : targets[method];
  if (target === undefined) {
    throw new Error(`storage method ${method ?? '(none)'} is not supported: choose an Iconik storage that uses S3, GCS, AZURE or B2`);
  }
  return target;
}

export { UploadRejectedError, type UploadContext, type UploadTarget } from './types';
