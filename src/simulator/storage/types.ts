import type { Readable } from 'node:stream';

/** The storage methods whose upload flows the simulator serves against real local servers. */
export type CloudStorageMethod = 'S3' | 'GCS' | 'AZURE' | 'B2';

/**
 * Where one object lives: the bucket (S3, GCS, B2) or container (AZURE) named
 * in the Iconik storage's settings, and the full object key, which already
 * includes the storage's `path` setting and the file's `directory_path`.
 */
export interface ObjectLocation {
  method: CloudStorageMethod;
  bucket: string;
  key: string;
}

/**
 * The upload fields of Iconik's FileSchema that a file create (or a GET with
 * `generate_signed_post_url=true`) returns, pointing at a local server.
 */
export interface UploadTarget {
  upload_url: string | null;
  upload_credentials: Record<string, string> | null;
  upload_filename: string;
  upload_method: string | null;
  multipart_upload_url: string | null;
}

export interface IssueOptions {
  /** Issue a target that the storage server rejects as expired, for fault injection. */
  expired?: boolean;
}

/** One storage method's side of the simulator: issuing upload targets and reading back what arrived. */
export interface StorageBackend {
  readonly method: CloudStorageMethod;
  /** Creates the bucket or container when it does not exist yet. */
  ensureBucket(bucket: string): Promise<void>;
  issueUploadTarget(location: ObjectLocation, options?: IssueOptions): Promise<UploadTarget>;
  /** Returns the object's size, or undefined when it does not exist. */
  statObject(location: ObjectLocation): Promise<{ size: number } | undefined>;
  readObject(location: ObjectLocation): Promise<Readable>;
  deleteObject(location: ObjectLocation): Promise<void>;
  /** Lists every object under the prefix, paging internally. */
  listObjects(bucket: string, prefix: string): AsyncIterable<{ key: string; size: number }>;
}

/** Presigned URLs for the S3 multipart calls that Iconik's `multipart_url` endpoints return. */
export interface S3MultipartUrls {
  partUrls(location: ObjectLocation, uploadId: string, partNumbers: number[], options?: IssueOptions): Promise<{ number: number; url: string }[]>;
  completeUrl(location: ObjectLocation, uploadId: string): Promise<string>;
  abortUrl(location: ObjectLocation, uploadId: string): Promise<string>;
  abortUpload(location: ObjectLocation, uploadId: string): Promise<void>;
}

/** The B2 large-file calls behind Iconik's `multipart/b2/start|finish|cancel` endpoints. */
export interface B2LargeFiles {
  /** Answers in Iconik's snake_case spelling, unlike the file create's `upload_credentials.authorizationToken`. */
  startLargeFile(location: ObjectLocation): Promise<{ upload_file_id: string; upload_url: string; authorization_token: string }>;
  finishLargeFile(uploadFileId: string, sha1List: string[]): Promise<{ size: number }>;
  cancelLargeFile(uploadFileId: string): Promise<void>;
}

/** Every backend, built once from the addresses and credentials of the local storage servers. */
export interface StorageBackends {
  byMethod: Record<CloudStorageMethod, StorageBackend>;
  s3Multipart: S3MultipartUrls;
  b2LargeFiles: B2LargeFiles;
  close(): Promise<void>;
}
