import type { PackageFile } from '../../domain/package';
import type { SqlSession, SqlValue } from '../../integrations/database/types';
import { packageColumns, type FileRow, type PackageRow } from './rows';

// Rows per INSERT statement. A remainder is written in power-of-two chunks,
// so the SQLite adapter, which caches one prepared statement per SQL text,
// caches at most ten insert statements per table. 512 rows of 5 values stay
// far below the parameter limits of SQLite 3.32+ (32766) and PostgreSQL (65535).
const rowsPerStatement = 512;

export async function readPackageRow(tx: SqlSession, id: string): Promise<PackageRow | undefined> {
  const rows = await tx.query<PackageRow>(`SELECT ${packageColumns} FROM packages WHERE id = $1`, [id]);
  return rows[0];
}

export async function insertFiles(tx: SqlSession, packageId: string, files: PackageFile[]): Promise<void> {
  const rows = files.map((file, ordinal): SqlValue[] => [packageId, file.path, ordinal, file.size, file.source]);
  await insertRows(tx, 'package_files (package_id, path, ordinal, size, source)', rows);
}

export async function insertFolders(tx: SqlSession, packageId: string, folders: string[]): Promise<void> {
  await insertRows(
    tx,
    'package_folders (package_id, path)',
    folders.map((path) => [packageId, path]),
  );
}

async function insertRows(tx: SqlSession, target: string, rows: SqlValue[][]): Promise<void> {
  let start = 0;
  while (start < rows.length) {
    const count = chunkSize(rows.length - start);
    const chunk = rows.slice(start, start + count);
    const width = chunk[0]?.length ?? 0;
    const tuples = chunk.map((_, row) => `(${Array.from({ length: width }, (__, column) => `$${row * width + column + 1}`).join(', ')})`);
    await tx.execute(`INSERT INTO ${target} VALUES ${tuples.join(', ')}`, chunk.flat());
    start += count;
  }
}

function chunkSize(remaining: number): number {
  if (remaining >= rowsPerStatement) return rowsPerStatement;
  let size = 1;
  while (size * 2 <= remaining) size *= 2;
  return size;
}

/** Reads one page of file rows ordered by path; the "C" collation on PostgreSQL gives byte order as SQLite does. */
export async function readFilePage(tx: SqlSession, packageId: string, afterPath: string | undefined, limit: number): Promise<FileRow[]> {
  return afterPath === undefined
    ? tx.query<FileRow>('SELECT path, size, source FROM package_files WHERE package_id = $1 ORDER BY path LIMIT $2', [packageId, limit])
    : tx.query<FileRow>('SELECT path, size, source FROM package_files WHERE package_id = $1 AND path > $2 ORDER BY path LIMIT $3', [
        packageId,
        afterPath,
        limit,
      ]);
}

export async function readFolderPage(tx: SqlSession, packageId: string, afterPath: string | undefined, limit: number): Promise<string[]> {
  const rows =
    afterPath === undefined
      ? await tx.query<{ path: string }>('SELECT path FROM package_folders WHERE package_id = $1 ORDER BY path LIMIT $2', [packageId, limit])
      : await tx.query<{ path: string }>('SELECT path FROM package_folders WHERE package_id = $1 AND path > $2 ORDER BY path LIMIT $3', [
          packageId,
          afterPath,
          limit,
        ]);
  return rows.map((row) => row.path);
}
