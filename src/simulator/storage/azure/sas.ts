import { BlobSASPermissions, SASProtocol, generateBlobSASQueryParameters, type StorageSharedKeyCredential } from '@azure/storage-blob';
import { expiredTargetAgeSeconds, type StorageBackendsOptions } from '../options';
import type { ObjectLocation } from '../types';

/**
 * Appends a service SAS for one blob to its URL. An expired SAS ended two
 * hours ago, so Azure rejects it with 403 (Azurite 3.35 with code AuthorizationFailure).
 */
export function blobSasUrl(
  url: string,
  location: ObjectLocation,
  credential: StorageSharedKeyCredential,
  permissions: string,
  options: StorageBackendsOptions,
  expired: boolean,
): string {
  const now = Date.now();
  // Starting five minutes early tolerates clock skew between client and server, as Azure's own guidance advises.
  const startsOn = new Date(expired ? now - 2 * expiredTargetAgeSeconds * 1000 : now - 5 * 60 * 1000);
  const expiresOn = new Date(expired ? now - expiredTargetAgeSeconds * 1000 : now + options.targetLifetimeSeconds * 1000);
  const sas = generateBlobSASQueryParameters(
    {
      containerName: location.bucket,
      blobName: location.key,
      permissions: BlobSASPermissions.parse(permissions),
      startsOn,
      expiresOn,
      protocol: SASProtocol.HttpsAndHttp,
    },
    credential,
  );
  return `${url}?${sas.toString()}`;
}
