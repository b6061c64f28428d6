export { PackageConflictError, PackageNotFoundError, PackageValidationError } from './errors';
export type { PackageIssue } from './errors';
export { maxPageSize } from './repository';
export type { PackageRepository, PageRequest, SaveResult } from './repository';
export { createSqlPackageRepository } from './sql/sql-package-repository';
export { openPackageStore } from './store';
export type { PackageStore } from './store';
