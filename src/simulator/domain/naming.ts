import { extname } from 'node:path';
import type { StorageRecord } from '../state/types';
import type { ObjectLocation, CloudStorageMethod } from '../storage/types';

/**
 * Returns the object name Iconik stores a file under. With the storage's
 * "add unique id to filenames" setting on, the file's id goes before the last
 * extension (`clip.mov` becomes `clip-<file id>.mov`, `README` becomes
 * `README-<file id>`), so the name stays unique and keeps its type. NOTE:
 * Iconik documents only that it builds the name from the id and the
 * original name; the exact pattern is the simulator's choice.
 */
export function storedFileName(originalName: string, fileId: string, addUniqueId: boolean): string {
  if (!addUniqueId) return originalName;
  const extension = extname(originalName);
  const stem = extension === '' ? originalName : originalName.slice(0, -extension.length);
  return `${stem}-${fileId}${extension}`;
}

export const cloudMethods: readonly CloudStorageMethod[] = ['S3', 'GCS', 'AZURE', 'B2'];

export function isCloudMethod(method: string): method is CloudStorageMethod {
  return (cloudMethods as readonly string[]).includes(method);
}

/** Returns the bucket (S3, GCS, B2) or container (AZURE) named in a storage's settings. */
export function bucketOf(storage: StorageRecord): string {
  const bucket = storage.method === 'AZURE' ? storage.settings.container : storage.settings.bucket;
  if (bucket === undefined) throw new Error(`Storage ${storage.id} (${storage.method}) has no bucket or container in its settings`);
  return bucket;
}

/** Returns where a file's object lives: the storage's path, the file's directory path and its stored name. */
export function objectLocation(storage: StorageRecord, directoryPath: string, name: string): ObjectLocation {
  if (!isCloudMethod(storage.method)) throw new Error(`Storage ${storage.id} uses method ${storage.method}, which has no object location`);
  const key = [storage.settings.path, directoryPath, name]
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter((part) => part !== '')
    .join('/');
  return { method: storage.method, bucket: bucketOf(storage), key };
}
