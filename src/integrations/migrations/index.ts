import { createIntegrations } from './0001-create-integrations';
import { createPackages } from './0002-create-packages';
import { addPackageDescription } from './0003-add-package-description';
import type { Migration } from './migration';

/**
 * Every migration in the order it applies. Append new ones; never edit or
 * reorder an applied one, because the runner checks each recorded name.
 */
export const migrations: Migration[] = [createIntegrations, createPackages, addPackageDescription];

export type { Migration } from './migration';
export { runMigrations } from './runner';
