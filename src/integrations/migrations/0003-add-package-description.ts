import type { Migration } from './migration';

// The package description an uploader typed on the portal, or NULL when the
// sender gave none. Packages stored before it have none.
export const addPackageDescription: Migration = {
  id: 3,
  name: 'add package description',
  sql: 'ALTER TABLE packages ADD COLUMN description TEXT;',
};
