import { createHash } from 'node:crypto';
import type { ValidNewPackage } from './validation/validate';

/**
 * Returns the SHA-256 of a package's content, in hex. Files are hashed in
 * path order and metadata in key order, so a repeated event that lists them
 * in another order has the same hash.
 */
export function packageContentHash(valid: ValidNewPackage): string {
  const canonical = {
    id: valid.id,
    name: valid.name,
    portal: valid.portal,
    uploaderEmail: valid.uploaderEmail,
    recipients: valid.recipients,
    metadata: Object.entries(valid.metadata).sort(([a], [b]) => compareStrings(a, b)),
    downloadUrl: valid.downloadUrl,
    // Left out when null, so packages stored before descriptions existed keep their hash.
    ...(valid.description === null ? {} : { description: valid.description }),
    files: [...valid.files].sort((a, b) => compareStrings(a.path, b.path)).map((file) => [file.path, file.size, file.source]),
    folders: valid.folders,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
