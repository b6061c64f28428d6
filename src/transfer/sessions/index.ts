import { TransferInputError } from '../errors';
import { azureUploadMethod } from './azure';
import { b2UploadMethod, createB2UploadMethod, type B2UploadMethodOptions } from './b2';
import { gcsUploadMethod } from './gcs';
import { s3UploadMethod } from './s3';
import type { ResumableUploadMethod } from './types';

const methods: Record<string, ResumableUploadMethod> = { S3: s3UploadMethod, GCS: gcsUploadMethod, AZURE: azureUploadMethod, B2: b2UploadMethod };

/** Options of the upload methods that have any; the defaults suit production. */
export interface UploadMethodOptions {
  b2?: B2UploadMethodOptions;
}

/** Returns the resumable upload method of a storage method, or throws naming the unsupported method. */
export function uploadMethodFor(storageMethod: string | null | undefined, options: UploadMethodOptions = {}): ResumableUploadMethod {
  if (storageMethod === 'B2' && options.b2 !== undefined) return createB2UploadMethod(options.b2);
  const method = storageMethod == null ? undefined : methods[storageMethod];
  if (method === undefined) {
    throw new TransferInputError(
      'UnsupportedStorageMethod',
      `storage method ${storageMethod ?? '(none)'} is not supported for file transfers: supported methods are ${Object.keys(methods).join(', ')}; choose an Iconik storage that uses one of them`,
    );
  }
  return method;
}

export { UploadSessionLostError } from './session-lost';
export type { ResumableUploadMethod, ResumableUploadSession, SessionContext, SessionToken } from './types';
