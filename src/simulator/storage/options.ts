import type { Logger } from 'pino';

/** Addresses and credentials of the local storage servers, and where the simulator serves the protocols they lack. */
export interface StorageBackendsOptions {
  s3: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string };
  /**
   * `uploadSasPermissions` are the permissions of the upload SAS, `cw` (create and write) unless set. Iconik
   * does not document its own, so a test can add `r`, which Get Block List needs.
   */
  azure: { blobEndpoint: string; accountName: string; accountKey: string; uploadSasPermissions?: string };
  /** fake-gcs-server's JSON API origin. */
  gcs: { endpoint: string };
  /** Folder that contains one sub-folder per B2 bucket. */
  b2: { dir: string };
  /**
   * Returns the URL at which the simulator's server mounts `routes` (origin plus any prefix).
   * It is called each time a target is issued, so a server listening on port 0 can supply it after `listen`.
   */
  simulatorUrl: () => string;
  /** Lifetime of issued upload and read targets, in seconds. */
  targetLifetimeSeconds: number;
  logger: Logger;
}

/**
 * Iconik does not document how long its signed upload URLs live, so the
 * simulator picks one hour, which is S3's usual presign lifetime.
 */
export const defaultTargetLifetimeSeconds = 3600;

/** How far in the past an expired target's validity ended, so that no clock skew allowance accepts it. */
export const expiredTargetAgeSeconds = 2 * 3600;
