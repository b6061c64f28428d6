import { z } from 'zod';
import type { NewPackage } from '../../domain/package';
import { maxPageSize, type PageRequest } from '../repository';
import { PackageValidationError, type PackageIssue } from '../errors';
import { newPackageSchema, packageId, packageIdRule } from './new-package-schema';
import { parentFolders, pathProblem } from './text-rules';

/** A package that passed every rule, with its folders completed and its totals computed. */
export interface ValidNewPackage extends NewPackage {
  description: string | null;
  /** The listed folders and every parent folder of a file or folder, each once, sorted. */
  folders: string[];
  fileCount: number;
  totalBytes: number;
}

/** Validates a new package; raises PackageValidationError naming each field at fault and its rule. */
export function validateNewPackage(input: NewPackage): ValidNewPackage {
  const result = newPackageSchema.safeParse(input);
  if (!result.success) throw new PackageValidationError(toPackageIssues(result.error));
  const valid = result.data;

  const totalBytes = valid.files.reduce((sum, file) => sum + file.size, 0);
  if (totalBytes > Number.MAX_SAFE_INTEGER) {
    throw new PackageValidationError([{ field: 'files', message: `sizes add up to more than ${Number.MAX_SAFE_INTEGER} bytes: split the package` }]);
  }

  const folders = new Set(valid.folders);
  for (const path of [...valid.files.map((file) => file.path), ...valid.folders]) {
    for (const parent of parentFolders(path)) folders.add(parent);
  }
  return { ...valid, folders: [...folders].sort(), fileCount: valid.files.length, totalBytes };
}

export function validatePackageId(id: string): string {
  const result = packageId.safeParse(id);
  if (!result.success) throw new PackageValidationError([{ field: 'id', message: `${packageIdRule} (got "${String(id)}")` }]);
  return result.data;
}

export function validatePage(page: PageRequest): PageRequest {
  const issues: PackageIssue[] = [];
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > maxPageSize) {
    issues.push({ field: 'limit', message: `must be a whole number from 1 to ${maxPageSize} (got ${String(page.limit)})` });
  }
  if (page.afterPath !== undefined) {
    const problem = typeof page.afterPath === 'string' ? pathProblem(page.afterPath) : 'must be a string';
    if (problem !== undefined) issues.push({ field: 'afterPath', message: problem });
  }
  if (issues.length > 0) throw new PackageValidationError(issues);
  return page;
}

/** Converts zod issues to fields in dotted form with their rule. */
export function toPackageIssues(error: z.ZodError): PackageIssue[] {
  return error.issues.flatMap((issue) => {
    const field = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: field === '' ? key : `${field}.${key}`, message: 'is not a field of a package: remove it' }));
    }
    return [{ field: field === '' ? 'package' : field, message: issue.message }];
  });
}
