import type { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';

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
  /**
   * Returns a URL that reads the object and honours HTTP range requests (a
   * presigned or SAS URL), or a `file:` URL for objects the simulator stores
   * itself (B2). It is for the simulator's own readers, such as ffmpeg.
   */
  readUrl(location: ObjectLocation): Promise<string>;
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
  /**
   * Issues a fresh part upload URL and token for a started large file, as B2's
   * `b2_get_upload_part_url` does. Throws a 400 B2Error when the large file is not active.
   */
  partUploadTarget(uploadFileId: string): Promise<{ upload_file_id: string; upload_url: string; authorization_token: string }>;
  finishLargeFile(uploadFileId: string, sha1List: string[]): Promise<{ size: number }>;
  cancelLargeFile(uploadFileId: string): Promise<void>;
  /** Lists the large files that are started and neither finished nor cancelled, with the part numbers stored so far. */
  activeLargeFiles(): { fileId: string; bucket: string; fileName: string; partNumbers: number[] }[];
}

/**
 * A fault that the simulated B2 upload endpoints return instead of storing the
 * bytes: 401 expired_auth_token, 503 too busy, or 401 bad_auth_token (a token
 * that B2 no longer accepts, for example after the application key was deleted).
 */
export type B2Fault = 'expired_auth_token' | 'too_busy' | 'bad_auth_token';

/** Fault injection for the simulated B2 upload endpoints, for the simulator's admin API. */
export interface B2FaultHooks {
  /** Makes the next `count` B2 upload calls (files or parts) fail with `fault`, after any faults already queued. */
  failNext(fault: B2Fault, count: number): void;
  /**
   * Expires the part upload token that stores the `parts`-th part from now,
   * right after that part is stored: later part uploads with that token get
   * 401 expired_auth_token, while a freshly issued token works.
   */
  expirePartTokenAfter(parts: number): void;
  /**
   * Makes the next `count` requests to `multipart/b2/start` that name a started
   * large file start a new one instead, as an Iconik that ignores `upload_file_id` would.
   */
  startNewOnRenewal(count: number): void;
  /** Consumes one armed `startNewOnRenewal` and returns true, or returns false when none is armed. */
  takeStartNewOnRenewal(): boolean;
  /** Drops the queued faults, any armed token expiry and any armed renewal fault. */
  clear(): void;
  /** Returns the queued faults in the order they will fire. */
  pending(): B2Fault[];
}

/** Every backend, built once from the addresses and credentials of the local storage servers. */
export interface StorageBackends {
  byMethod: Record<CloudStorageMethod, StorageBackend>;
  s3Multipart: S3MultipartUrls;
  b2LargeFiles: B2LargeFiles;
  b2Faults: B2FaultHooks;
  /**
   * Serves the upload protocols no local server provides: B2's upload API
   * under `/b2api/` and GCS's resumable upload sessions under `/gcs/`.
   * Register it on the simulator's server at the URL that `simulatorUrl` returns.
   */
  routes: FastifyPluginAsync;
  close(): Promise<void>;
}
