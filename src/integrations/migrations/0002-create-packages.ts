import type { Migration } from './migration';

// Packages received by webhook, with every file and folder. A path sorts by
// its bytes on both engines, so listing files page by page after a path
// returns the same order everywhere: SQLite compares TEXT with the BINARY
// collation by default, and PostgreSQL needs the "C" collation for it.
// Paths are stored as given, without Unicode normalization, because an NFC
// and an NFD spelling of one name are two different files.
const tables = (pathType: string) => `
  CREATE TABLE packages (
    id VARCHAR(200) PRIMARY KEY,
    name TEXT NOT NULL,
    portal_id TEXT,
    portal_name TEXT,
    uploader_email TEXT NOT NULL,
    recipients TEXT NOT NULL,
    metadata TEXT NOT NULL,
    download_url TEXT,
    file_count INTEGER NOT NULL,
    total_bytes BIGINT NOT NULL,
    content_sha256 VARCHAR(64) NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT packages_portal CHECK ((portal_id IS NULL AND portal_name IS NULL) OR (portal_id IS NOT NULL AND portal_name IS NOT NULL))
  );

  CREATE INDEX packages_portal_id ON packages (portal_id);

  CREATE TABLE package_files (
    package_id VARCHAR(200) NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
    path ${pathType} NOT NULL,
    ordinal INTEGER NOT NULL,
    size BIGINT NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (package_id, path),
    CONSTRAINT package_files_size CHECK (size >= 0)
  );

  CREATE TABLE package_folders (
    package_id VARCHAR(200) NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
    path ${pathType} NOT NULL,
    PRIMARY KEY (package_id, path)
  );
`;

export const createPackages: Migration = {
  id: 2,
  name: 'create packages',
  sql: {
    sqlite: tables('TEXT'),
    postgres: tables('TEXT COLLATE "C"'),
  },
};
