import type { Package } from '../../domain/package';

export const packageColumns =
  'id, name, portal_id, portal_name, uploader_email, recipients, description, metadata, download_url, file_count, total_bytes, content_sha256, received_at';

export interface PackageRow {
  [column: string]: unknown;
  id: string;
  name: string;
  portal_id: string | null;
  portal_name: string | null;
  uploader_email: string;
  recipients: string;
  description: string | null;
  metadata: string;
  download_url: string | null;
  file_count: number | string;
  total_bytes: number | string;
  content_sha256: string;
  received_at: Date | string;
}

export interface FileRow {
  [column: string]: unknown;
  path: string;
  size: number | string;
  source: string;
}

export function toPackage(row: PackageRow): Package {
  return {
    id: row.id,
    name: row.name,
    portal: row.portal_id === null || row.portal_name === null ? null : { id: row.portal_id, name: row.portal_name },
    uploaderEmail: row.uploader_email,
    recipients: JSON.parse(row.recipients) as string[],
    description: row.description,
    metadata: JSON.parse(row.metadata) as Package['metadata'],
    downloadUrl: row.download_url,
    // PostgreSQL returns BIGINT as a string; the store keeps totals below 2^53.
    fileCount: Number(row.file_count),
    totalBytes: Number(row.total_bytes),
    // SQLite returns the stored ISO text, PostgreSQL a Date.
    receivedAt: (row.received_at instanceof Date ? row.received_at : new Date(row.received_at)).toISOString(),
  };
}
