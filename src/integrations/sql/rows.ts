import type { MetadataMapping } from '../../metadata/mapping';
import type { Integration, IntegrationStatus } from '../types';
import type { ValidNewIntegration } from '../validation';
import type { SqlValue } from '../database/types';

/** Columns of `integrations` that `get` and `list` read: every one but the token. */
export const integrationColumns = [
  'id',
  'name',
  'iconik_base_url',
  'app_id',
  'storage_id',
  'target_directory',
  'sync_metadata',
  'send_to_cloud',
  'slack_channel',
  'notification_emails',
  'description_field',
  'metadata_mapping',
  'status',
  'status_message',
  'status_set_at',
  'created_at',
  'updated_at',
].join(', ');

export interface IntegrationRow {
  [column: string]: unknown;
  id: string;
  name: string;
  iconik_base_url: string;
  app_id: string;
  storage_id: string;
  target_directory: string | null;
  sync_metadata: boolean | number;
  send_to_cloud: boolean | number;
  slack_channel: string | null;
  notification_emails: string;
  description_field: string | null;
  /** JSON text of the mapping, or null. */
  metadata_mapping: string | null;
  status: string;
  status_message: string | null;
  status_set_at: Date | string;
  created_at: Date | string;
  updated_at: Date | string;
}

/** The settings columns in the order `settingsValues` returns them. */
export const settingsColumns = [
  'name',
  'iconik_base_url',
  'app_id',
  'storage_id',
  'target_directory',
  'sync_metadata',
  'send_to_cloud',
  'slack_channel',
  'notification_emails',
  'description_field',
  'metadata_mapping',
];

export function settingsValues(settings: Omit<ValidNewIntegration, 'token' | 'portalIds'>): SqlValue[] {
  return [
    settings.name,
    settings.iconikBaseUrl,
    settings.appId,
    settings.storageId,
    settings.targetDirectory,
    settings.syncMetadata,
    settings.sendToCloud,
    settings.notifications.slackChannel,
    JSON.stringify(settings.notifications.emails),
    settings.descriptionField,
    settings.metadataMapping === null ? null : JSON.stringify(settings.metadataMapping),
  ];
}

export function toIntegration(row: IntegrationRow, portalIds: string[]): Integration {
  return {
    id: row.id,
    name: row.name,
    iconikBaseUrl: row.iconik_base_url,
    appId: row.app_id,
    storageId: row.storage_id,
    targetDirectory: row.target_directory,
    syncMetadata: toBoolean(row.sync_metadata),
    portalIds: [...portalIds].sort(),
    sendToCloud: toBoolean(row.send_to_cloud),
    notifications: { slackChannel: row.slack_channel, emails: JSON.parse(row.notification_emails) as string[] },
    descriptionField: row.description_field,
    metadataMapping: row.metadata_mapping === null ? null : (JSON.parse(row.metadata_mapping) as MetadataMapping),
    status: toStatus(row),
    createdAt: toIsoTime(row.created_at),
    updatedAt: toIsoTime(row.updated_at),
  };
}

function toStatus(row: IntegrationRow): IntegrationStatus {
  const setAt = toIsoTime(row.status_set_at);
  if (row.status === 'ok') return { kind: 'ok', setAt };
  return { kind: 'error', message: row.status_message ?? '', setAt };
}

// SQLite returns 0 or 1, PostgreSQL a boolean.
function toBoolean(value: boolean | number): boolean {
  return value === true || value === 1;
}

// SQLite returns the stored ISO text, PostgreSQL a Date.
function toIsoTime(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
