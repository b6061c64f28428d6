import type { S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { expiredTargetAgeSeconds, type StorageBackendsOptions } from '../options';

type PresignableCommand = Parameters<typeof getSignedUrl>[1];

/**
 * Presigns a command for the configured lifetime. An expired URL is signed
 * with a date two hours in the past and a one-second lifetime, so S3 (and
 * MinIO) reject it with 403 AccessDenied "Request has expired".
 */
export function presign(client: S3Client, command: PresignableCommand, options: StorageBackendsOptions, expired: boolean): Promise<string> {
  if (expired) {
    return getSignedUrl(client, command, { expiresIn: 1, signingDate: new Date(Date.now() - expiredTargetAgeSeconds * 1000) });
  }
  return getSignedUrl(client, command, { expiresIn: options.targetLifetimeSeconds });
}
