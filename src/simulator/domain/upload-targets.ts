import type { IconikObject, StorageRecord } from '../state/types';
import type { StorageBackends } from '../storage/types';
import { isCloudMethod, objectLocation } from './naming';

/**
 * Returns the upload fields of Iconik's FileSchema for a file, issued by the
 * storage backend of its storage's method. Fields the backend leaves null are
 * left out, because FileSchema gives them no null. FILE storages sit behind
 * Iconik's storage gateway, so they get no upload fields at all.
 */
export async function issueUploadFields(
  storage: StorageBackends | undefined,
  record: StorageRecord,
  file: IconikObject,
  expired: boolean,
): Promise<Record<string, unknown>> {
  if (!isCloudMethod(record.method) || storage === undefined) return {};
  const location = objectLocation(record, String(file.directory_path), String(file.name));
  const target = await storage.byMethod[record.method].issueUploadTarget(location, { expired });
  const fields: Record<string, unknown> = { upload_filename: target.upload_filename };
  if (target.upload_url !== null) fields.upload_url = target.upload_url;
  if (target.upload_credentials !== null) fields.upload_credentials = target.upload_credentials;
  if (target.upload_method !== null) fields.upload_method = target.upload_method;
  if (target.multipart_upload_url !== null) fields.multipart_upload_url = target.multipart_upload_url;
  return fields;
}
