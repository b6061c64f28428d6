import { z } from 'zod';

// Shapes of the Iconik responses the client reads. Only the fields the service
// uses are declared; zod drops the rest, so new fields in Iconik's responses do
// not break parsing.

const nullableString = z.string().nullish();

export const userSchema = z.object({
  id: z.string(),
  email: nullableString,
  first_name: nullableString,
  last_name: nullableString,
  type: nullableString,
  status: nullableString,
  is_admin: z.boolean().nullish(),
  groups: z.array(z.string()).nullish(),
});
export type IconikUser = z.infer<typeof userSchema>;

export const rolesSchema = z.object({ objects: z.array(z.string()) });

export const storageSchema = z.object({
  id: z.string(),
  name: z.string(),
  method: z.string(),
  purpose: z.string(),
  status: z.string(),
  status_message: nullableString,
  settings: z.record(z.string(), z.unknown()).nullish(),
});
export type IconikStorage = z.infer<typeof storageSchema>;

/** Iconik's list envelope; `next_url` is a path relative to the host, empty on the last page. */
export function listSchema<T extends z.ZodType>(item: T) {
  return z.object({
    objects: z.array(item),
    page: z.number().nullish(),
    pages: z.number().nullish(),
    per_page: z.number().nullish(),
    total: z.number().nullish(),
    next_url: nullableString,
  });
}

export const collectionSchema = z.object({ id: z.string(), title: z.string(), parent_id: nullableString, external_id: nullableString, is_root: z.boolean().nullish() });

/** An entry of a collection's contents: a sub-collection or an asset, as the search index returns it. */
export const contentSchema = z.object({ id: z.string(), title: z.string(), object_type: z.string(), external_id: nullableString });
export type IconikContent = z.infer<typeof contentSchema>;
export type IconikCollection = z.infer<typeof collectionSchema>;

export const assetSchema = z.object({ id: z.string(), title: z.string(), external_id: nullableString, status: nullableString });
export type IconikAsset = z.infer<typeof assetSchema>;

export const formatSchema = z.object({ id: z.string(), name: z.string() });
export type IconikFormat = z.infer<typeof formatSchema>;

export const fileSetSchema = z.object({ id: z.string(), name: nullableString, base_dir: nullableString, storage_id: nullableString, format_id: nullableString, status: nullableString });
export type IconikFileSet = z.infer<typeof fileSetSchema>;

export const fileSchema = z.object({
  id: z.string(),
  name: nullableString,
  original_name: nullableString,
  directory_path: nullableString,
  size: z.number().nullish(),
  status: nullableString,
  storage_id: nullableString,
  file_set_id: nullableString,
  storage_method: nullableString,
  upload_url: nullableString,
  upload_credentials: z.record(z.string(), z.unknown()).nullish(),
  upload_filename: nullableString,
  upload_method: nullableString,
  multipart_upload_url: nullableString,
});
export type IconikFile = z.infer<typeof fileSchema>;

export const partUrlsSchema = z.object({ objects: z.array(z.object({ number: z.number(), url: z.string() })) });

export const multipartUrlSchema = z.object({ complete_url: nullableString, abort_url: nullableString });

export const b2StartSchema = z.object({ upload_file_id: z.string(), upload_url: z.string(), authorization_token: z.string() });

export const jobSchema = z.object({ id: z.string(), status: z.string(), type: nullableString, object_id: nullableString, progress_processed: z.number().nullish(), progress_total: z.number().nullish() });
export type IconikJob = z.infer<typeof jobSchema>;

/** Response of the keyframes request: `{job_id}`, or no body (204) when the storage's transcode_ignore pattern skips the file. */
export const keyframesSchema = z.object({ job_id: nullableString });

export const anySchema = z.unknown();

/** Returns the files service's cursor list schema: the next page starts after the last object's id. */
export function cursorListSchema<T extends z.ZodType>(item: T) {
  return z.object({ objects: z.array(item), next_url: nullableString });
}

export const metadataViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  view_fields: z.array(z.object({ name: z.string(), required: z.boolean().nullish(), read_only: z.boolean().nullish() })).nullish(),
});
export type IconikMetadataView = z.infer<typeof metadataViewSchema>;

export const metadataFieldSchema = z.object({
  name: z.string(),
  label: nullableString,
  field_type: z.string(),
  multi: z.boolean().nullish(),
  required: z.boolean().nullish(),
  read_only: z.boolean().nullish(),
  options: z.array(z.object({ label: nullableString, value: z.string() })).nullish(),
  min_value: z.number().nullish(),
  max_value: z.number().nullish(),
});
export type IconikMetadataField = z.infer<typeof metadataFieldSchema>;
