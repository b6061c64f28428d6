/**
 * The storage no longer knows the upload session (S3 NoSuchUpload), for
 * example because it was aborted or a lifecycle rule removed it. Its
 * committed parts are gone, so the transfer has to start a new session.
 */
export class UploadSessionLostError extends Error {
  constructor(
    readonly method: string,
    readonly uploadId: string,
  ) {
    super(`the ${method} upload session ${uploadId} no longer exists on the storage, so its committed parts are lost: a new upload session is needed`);
    this.name = 'UploadSessionLostError';
  }
}
