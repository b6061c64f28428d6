/**
 * Everything the simulator stores, as plain JSON so it can be saved to and
 * loaded from a file. Iconik objects are kept in the field names of Iconik's
 * own schemas, so a response is the stored object plus computed fields.
 */

export type UserType = 'POWER' | 'STANDARD' | 'BROWSE_ONLY' | 'BROWSE_API_ONLY';
export type UserStatus = 'ACTIVE' | 'INACTIVE' | 'BLOCKED' | 'DELETED';

export interface UserRecord {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  type: UserType;
  status: UserStatus;
  is_admin: boolean;
  groups: string[];
}

export interface GroupRecord {
  id: string;
  name: string;
  roles: string[];
}

/** An App-ID and Auth-Token pair bound to one user, as made in Admin > Settings > Application Tokens. */
export interface AppTokenRecord {
  app_id: string;
  token: string;
  user_id: string;
  label: string;
  revoked: boolean;
}

export type StorageMethod = 'FILE' | 'S3' | 'GCS' | 'AZURE' | 'B2';

export interface StorageSettings {
  read: boolean;
  write: boolean;
  delete: boolean;
  path: string;
  add_uuid_to_filenames: boolean;
  bucket?: string;
  container?: string;
  transcode_ignore?: string[];
  [key: string]: unknown;
}

export interface StorageRecord {
  id: string;
  name: string;
  description: string | null;
  method: StorageMethod;
  purpose: 'FILES' | 'KEYFRAMES' | 'PROXIES' | 'EXPORTS' | 'ARCHIVE' | 'FACES';
  status: 'ACTIVE' | 'INACTIVE' | 'FAILING';
  status_message: string | null;
  default: boolean;
  last_scanned: string | null;
  scanner_status: string | null;
  settings: StorageSettings;
}

export interface MetadataFieldRecord {
  name: string;
  label: string;
  field_type: string;
  multi: boolean;
  required: boolean;
  read_only: boolean;
  options: { label: string; value: string }[];
  date_created: string;
  date_modified: string;
}

export interface MetadataViewRecord {
  id: string;
  name: string;
  description: string | null;
  view_fields: { name: string; required: boolean; read_only: boolean }[];
  date_created: string;
  date_modified: string;
}

/** Iconik objects created through the API, each in its schema's field names. */
export type IconikObject = Record<string, unknown> & { id: string; date_created: string };

export interface ContentLink {
  collection_id: string;
  object_id: string;
  object_type: 'assets' | 'collections';
  date_created: string;
}

export interface JobEvent {
  at: string;
  status: string;
  progress_processed: number | null;
  progress_total: number | null;
  message: string | null;
  error_message: string | null;
}

export interface MetadataValuesRecord {
  object_type: string;
  object_id: string;
  view_id: string;
  date_created: string;
  date_modified: string;
  metadata_values: Record<string, { field_values: { value: unknown }[] }>;
}

/** The multipart uploads the simulator started for a file, so cleanup and finish calls can be checked. */
export interface MultipartUploadRecord {
  file_id: string;
  method: 'S3' | 'B2';
  upload_id: string;
  state: 'STARTED' | 'FINISHED' | 'ABORTED';
}

export interface SimState {
  users: Record<string, UserRecord>;
  groups: Record<string, GroupRecord>;
  appTokens: AppTokenRecord[];
  storages: Record<string, StorageRecord>;
  metadataFields: Record<string, MetadataFieldRecord>;
  metadataViews: Record<string, MetadataViewRecord>;
  collections: Record<string, IconikObject>;
  assets: Record<string, IconikObject>;
  contents: ContentLink[];
  formats: Record<string, IconikObject>;
  fileSets: Record<string, IconikObject>;
  files: Record<string, IconikObject>;
  jobs: Record<string, IconikObject>;
  jobHistory: Record<string, JobEvent[]>;
  keyframes: Record<string, IconikObject>;
  metadataValues: Record<string, MetadataValuesRecord>;
  multipartUploads: Record<string, MultipartUploadRecord>;
  /** Epoch milliseconds at which each new object becomes visible to search and collection contents. */
  visibleAt: Record<string, number>;
  /** Requests per route, keyed "METHOD /route/pattern/". */
  requestCounts: Record<string, number>;
}
