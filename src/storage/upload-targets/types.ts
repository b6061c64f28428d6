import type { IconikClient } from '../../iconik/client';
import type { IconikFile } from '../../iconik/schemas';

/** The Iconik file record an upload goes to, with the target Iconik issued for it. */
export interface UploadContext {
  client: IconikClient;
  assetId: string;
  file: IconikFile;
  signal?: AbortSignal;
}

/** Sends bytes to one storage method through the upload target Iconik issued. */
export interface UploadTarget {
  readonly method: string;
  /**
   * Uploads a small file held in memory in one request or one part.
   * NOTE: large files need the streaming, resumable path, which this
   * interface does not have yet.
   */
  uploadBuffer(context: UploadContext, bytes: Buffer): Promise<void>;
}

/** A storage server rejected an upload; it names the method and the status, never the signed URL. */
export class UploadRejectedError extends Error {
  constructor(
    readonly method: string,
    readonly step: string,
    readonly status: number,
    detail: string,
  ) {
    super(`${method} upload failed at ${step}: the storage responded ${status}${detail === '' ? '' : ` (${detail.slice(0, 300)})`}`);
    this.name = 'UploadRejectedError';
  }
}

/** Returns a field of the upload target, or throws naming the field Iconik left out. */
export function requireField(file: IconikFile, field: 'upload_url' | 'multipart_upload_url' | 'upload_filename'): string {
  const value = file[field];
  if (value === undefined || value === null || value === '') {
    throw new Error(`Iconik issued no ${field} for file ${file.id} (storage method ${file.storage_method ?? 'unknown'}): request a fresh upload target and retry.`);
  }
  return value;
}
