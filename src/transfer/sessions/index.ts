import { TransferInputError } from '../errors';
import { s3UploadMethod } from './s3';
import type { ResumableUploadMethod } from './types';

const methods: Record<string, ResumableUploadMethod> = { S3: s3UploadMethod };

/** Returns the resumable upload method of a storage method, or throws naming the unsupported method. */
export function uploadMethodFor(storageMethod: string | null | undefined): ResumableUploadMethod {
  const method = storageMethod == null ? undefined : methods[storageMethod];
  if (method === undefined) {
    // TODO: GCS resumable sessions, Azure staged blocks and B2 large files still need a ResumableUploadMethod each.
    throw new TransferInputError(
      'UnsupportedStorageMethod',
      `storage method ${storageMethod ?? '(none)'} is not supported for file transfers: supported methods are ${Object.keys(methods).join(', ')}; choose an Iconik storage that uses one of them`,
    );
  }
  return method;
}

export { UploadSessionLostError } from './session-lost';
export type { ResumableUploadMethod, ResumableUploadSession, SessionContext, SessionToken } from './types';
