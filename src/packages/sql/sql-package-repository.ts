import type { Package } from '../../domain/package';
import type { SqlDatabase, SqlSession } from '../../integrations/database/types';
import type { Logger } from '../../logging/logger';
import { packageContentHash } from '../content-hash';
import { PackageConflictError, PackageNotFoundError } from '../errors';
import type { PackageRepository } from '../repository';
import { validateNewPackage, validatePackageId, validatePage, type ValidNewPackage } from '../validation/validate';
import { insertFiles, insertFolders, readFilePage, readFolderPage, readPackageRow } from './queries';
import { toPackage } from './rows';

export interface SqlPackageRepositoryDependencies {
  db: SqlDatabase;
  logger: Logger;
  /** Source of `receivedAt`; the system clock unless a test fixes it. */
  now?: () => Date;
}

/** Creates the package repository over SQLite or PostgreSQL, with the same SQL on both. */
export function createSqlPackageRepository(deps: SqlPackageRepositoryDependencies): PackageRepository {
  const { db, logger } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    async save(input) {
      const valid = validateNewPackage(input);
      const contentSha256 = packageContentHash(valid);
      const receivedAt = now().toISOString();

      const result = await db.transaction(async (tx) => {
        // A concurrent save of the same id waits here on PostgreSQL until the
        // first one commits, then inserts nothing; SQLite runs one
        // transaction at a time.
        const inserted = await tx.execute(
          `INSERT INTO packages (id, name, portal_id, portal_name, uploader_email, recipients, description, metadata, download_url, file_count, total_bytes, content_sha256, received_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (id) DO NOTHING`,
          [
            valid.id,
            valid.name,
            valid.portal?.id ?? null,
            valid.portal?.name ?? null,
            valid.uploaderEmail,
            JSON.stringify(valid.recipients),
            valid.description,
            JSON.stringify(valid.metadata),
            valid.downloadUrl,
            valid.fileCount,
            valid.totalBytes,
            contentSha256,
            receivedAt,
          ],
        );
        if (inserted === 0) return { package: await readExisting(tx, valid, contentSha256), created: false };

        await insertFiles(tx, valid.id, valid.files);
        await insertFolders(tx, valid.id, valid.folders);
        const row = await readPackageRow(tx, valid.id);
        if (row === undefined) throw new PackageNotFoundError(valid.id);
        return { package: toPackage(row), created: true };
      });

      logger.info(
        { packageId: valid.id, portalId: valid.portal?.id ?? null, fileCount: valid.fileCount, folderCount: valid.folders.length, created: result.created },
        result.created ? 'package stored' : 'package already stored with the same content',
      );
      return result;
    },

    async get(id) {
      const validId = validatePackageId(id);
      const row = await readPackageRow(db, validId);
      return row === undefined ? undefined : toPackage(row);
    },

    async listFiles(packageId, page) {
      const validId = validatePackageId(packageId);
      const { afterPath, limit } = validatePage(page);
      const rows = await readFilePage(db, validId, afterPath, limit);
      if (rows.length === 0) await requireStored(db, validId);
      return rows.map((row) => ({ path: row.path, size: Number(row.size), source: row.source }));
    },

    async listFolders(packageId, page) {
      const validId = validatePackageId(packageId);
      const { afterPath, limit } = validatePage(page);
      const folders = await readFolderPage(db, validId, afterPath, limit);
      if (folders.length === 0) await requireStored(db, validId);
      return folders;
    },
  };
}

async function readExisting(tx: SqlSession, valid: ValidNewPackage, contentSha256: string): Promise<Package> {
  const row = await readPackageRow(tx, valid.id);
  if (row === undefined) throw new PackageNotFoundError(valid.id);
  const stored = toPackage(row);
  if (row.content_sha256 !== contentSha256) throw new PackageConflictError(valid.id, differentFields(stored, valid));
  return stored;
}

async function requireStored(session: SqlSession, packageId: string): Promise<void> {
  if ((await readPackageRow(session, packageId)) === undefined) throw new PackageNotFoundError(packageId);
}

// Names the top-level fields that differ, so the conflict message shows the
// sender what changed. The stored file list is not read back: a change in
// the file count or total size shows as `files`, and any other change in the
// tree as `files or folders`.
function differentFields(stored: Package, incoming: ValidNewPackage): string[] {
  const candidates: [string, unknown, unknown][] = [
    ['name', stored.name, incoming.name],
    ['portal', stored.portal, incoming.portal],
    ['uploaderEmail', stored.uploaderEmail, incoming.uploaderEmail],
    ['recipients', stored.recipients, incoming.recipients],
    ['description', stored.description, incoming.description],
    ['metadata', sortedEntries(stored.metadata), sortedEntries(incoming.metadata)],
    ['downloadUrl', stored.downloadUrl, incoming.downloadUrl],
    ['files', [stored.fileCount, stored.totalBytes], [incoming.fileCount, incoming.totalBytes]],
  ];
  const fields = candidates.filter(([, a, b]) => JSON.stringify(a) !== JSON.stringify(b)).map(([field]) => field);
  return fields.length > 0 ? fields : ['files or folders'];
}

function sortedEntries<T>(record: Record<string, T>): [string, T][] {
  return Object.entries(record).sort(([a], [b]) => {
    if (a === b) return 0;
    return a < b ? -1 : 1;
  });
}
