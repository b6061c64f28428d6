import { createIntegrations } from './0001-create-integrations';
import { createPackages } from './0002-create-packages';
import type { Migration } from './migration';

/**
 * Every migration in the order it applies. Append new ones; never edit or
 * reorder an applied one, because the runner checks each recorded name.
 *
 * The `integrations.metadata_mapping` column (JSON text, NULL for now) is
 * reserved for the mapping of package metadata to Iconik metadata fields.
 */
export const migrations: Migration[] = [createIntegrations, createPackages];

export type { Migration } from './migration';
export { runMigrations } from './runner';
