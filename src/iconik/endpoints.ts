/**
 * One Iconik operation the client calls: its method, its path template below
 * `/API/`, and the role Iconik's published spec lists as required for it
 * (undefined where the spec lists none). A test checks this table against
 * the vendored OpenAPI specs.
 */
export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  template: string;
  role: string | undefined;
}

function endpoint(method: Endpoint['method'], template: string, role?: string): Endpoint {
  return { method, template, role };
}

export const endpoints = {
  checkToken: endpoint('GET', 'auth/v1/auth/token/'),
  currentUser: endpoint('GET', 'users/v1/users/current/'),
  currentUserRoles: endpoint('GET', 'users/v1/users/current/roles/'),

  listStorages: endpoint('GET', 'files/v1/storages/', 'can_read_storages'),
  getStorage: endpoint('GET', 'files/v1/storages/{storage_id}/', 'can_read_storages'),

  listCollections: endpoint('GET', 'assets/v1/collections/', 'can_read_collections'),
  createCollection: endpoint('POST', 'assets/v1/collections/', 'can_create_collections'),
  getCollection: endpoint('GET', 'assets/v1/collections/{collection_id}/', 'can_read_collections'),
  listCollectionContents: endpoint('GET', 'assets/v1/collections/{collection_id}/contents/', 'can_read_collections'),
  addCollectionContent: endpoint('POST', 'assets/v1/collections/{collection_id}/contents/', 'can_write_collections'),

  createAsset: endpoint('POST', 'assets/v1/assets/', 'can_create_assets'),
  getAsset: endpoint('GET', 'assets/v1/assets/{asset_id}/', 'can_read_assets'),
  deleteAsset: endpoint('DELETE', 'assets/v1/assets/{asset_id}/', 'can_delete_assets'),
  purgeAsset: endpoint('DELETE', 'assets/v1/assets/{asset_id}/purge/', 'can_purge_assets'),

  createFormat: endpoint('POST', 'files/v1/assets/{asset_id}/formats/', 'can_write_formats'),
  getFormatByName: endpoint('GET', 'files/v1/assets/{asset_id}/formats/{name}/', 'can_read_formats'),
  listFileSets: endpoint('GET', 'files/v1/assets/{asset_id}/file_sets/', 'can_read_files'),
  createFileSet: endpoint('POST', 'files/v1/assets/{asset_id}/file_sets/', 'can_write_files'),
  deleteFileSet: endpoint('DELETE', 'files/v1/assets/{asset_id}/file_sets/{file_set_id}/', 'can_delete_files'),
  listFiles: endpoint('GET', 'files/v1/assets/{asset_id}/files/', 'can_read_files'),
  createFile: endpoint('POST', 'files/v1/assets/{asset_id}/files/', 'can_write_files'),
  getFile: endpoint('GET', 'files/v1/assets/{asset_id}/files/{file_id}/', 'can_read_files'),
  updateFile: endpoint('PATCH', 'files/v1/assets/{asset_id}/files/{file_id}/', 'can_write_files'),

  s3PartUrls: endpoint('GET', 'files/v1/assets/{asset_id}/files/{file_id}/multipart_url/part/', 'can_write_files'),
  s3MultipartUrl: endpoint('GET', 'files/v1/assets/{asset_id}/files/{file_id}/multipart_url/', 'can_write_files'),
  multipartCleanup: endpoint('POST', 'files/v1/assets/{asset_id}/files/{file_id}/multipart/cleanup/', 'can_write_files'),
  b2Start: endpoint('POST', 'files/v1/assets/{asset_id}/files/{file_id}/multipart/b2/start/', 'can_write_files'),
  b2Finish: endpoint('POST', 'files/v1/assets/{asset_id}/files/{file_id}/multipart/b2/finish/', 'can_write_files'),
  b2Cancel: endpoint('POST', 'files/v1/assets/{asset_id}/files/{file_id}/multipart/b2/cancel/', 'can_write_files'),

  requestKeyframes: endpoint('POST', 'files/v1/assets/{asset_id}/files/{file_id}/keyframes/', 'can_create_transcode_jobs'),

  listJobs: endpoint('GET', 'jobs/v1/jobs/', 'can_read_jobs'),
  createJob: endpoint('POST', 'jobs/v1/jobs/', 'can_write_jobs'),
  updateJob: endpoint('PATCH', 'jobs/v1/jobs/{job_id}/', 'can_write_jobs'),

  listMetadataViews: endpoint('GET', 'metadata/v1/views/', 'can_read_metadata_views'),
  getMetadataView: endpoint('GET', 'metadata/v1/views/{view_id}/', 'can_read_metadata_views'),
  listMetadataFields: endpoint('GET', 'metadata/v1/fields/', 'can_read_metadata_fields'),
  putAssetMetadata: endpoint('PUT', 'metadata/v1/{object_type}/{object_id}/views/{view_id}/', 'can_write_metadata_values'),

  search: endpoint('POST', 'search/v1/search/', 'can_search'),
} satisfies Record<string, Endpoint>;

/** Fills a template's `{name}` placeholders, URL-encoding each value. */
export function fillTemplate(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(value);
  });
}
