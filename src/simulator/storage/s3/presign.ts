import { expiredTargetAgeSeconds, type StorageBackendsOptions } from '../options';

/**
 * Returns the presigning options for the configured lifetime. An expired URL
 * is signed with a date two hours in the past and a one-second lifetime, so
 * S3 (and MinIO) reject it with 403 AccessDenied "Request has expired".
 */
export function presignOptions(options: StorageBackendsOptions, expired: boolean): { expiresIn: number; signingDate?: Date } {
  if (expired) return { expiresIn: 1, signingDate: new Date(Date.now() - expiredTargetAgeSeconds * 1000) };
  return { expiresIn: options.targetLifetimeSeconds };
}
