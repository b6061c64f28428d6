import type { NewPackage, Package, PackageFile } from '../domain/package';

/** The outcome of `PackageRepository.save`. */
export interface SaveResult {
  package: Package;
  /** False when a package with this id and the same content was already stored; nothing was written then. */
  created: boolean;
}

/** One page of a keyset listing, ordered by path. */
export interface PageRequest {
  /** Return only paths that sort after this one (by their UTF-8 bytes); unset for the first page. */
  afterPath?: string;
  /** Maximum number of entries, 1 to `maxPageSize`. */
  limit: number;
}

/** Largest page that `listFiles` and `listFolders` return. */
export const maxPageSize = 5_000;

/**
 * Stores received packages with their full file and folder lists. Input is
 * validated first: invalid input raises PackageValidationError and writes
 * nothing. A workflow never carries the file list: activities read it here,
 * page by page.
 */
export interface PackageRepository {
  /**
   * Stores the package, its files and its folders in one transaction. Saving
   * is idempotent by package id: the same content again returns the stored
   * package with `created: false`, and different content under a stored id
   * raises PackageConflictError.
   */
  save(input: NewPackage): Promise<SaveResult>;
  /** Returns the package, or undefined when none has this id. */
  get(id: string): Promise<Package | undefined>;
  /**
   * Returns the next page of files ordered by path (byte order of UTF-8).
   * Pass the last path of a page as `afterPath` to read the next one; a page
   * shorter than `limit` is the last. Raises PackageNotFoundError for an
   * unknown package.
   */
  listFiles(packageId: string, page: PageRequest): Promise<PackageFile[]>;
  /** Returns the next page of folder paths, empty folders and parents of files included, in the order of `listFiles`. */
  listFolders(packageId: string, page: PageRequest): Promise<string[]>;
}
