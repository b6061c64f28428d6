import type { Portal } from './package';

/** Returns the collection and directory names above a package: Send to cloud packages go under MASV, portal packages under the portal. */
export function parentSegments(targetDirectory: string | null, portal: Portal | null): string[] {
  const target = targetDirectory === null ? [] : targetDirectory.split('/').filter((segment) => segment !== '');
  const layout = portal === null ? ['MASV'] : ['Portal Downloads', portal.name];
  return [...target, ...layout];
}

/** Splits a package-relative file path into its folder segments and its file name. */
export function splitPath(path: string): { folders: string[]; name: string } {
  const segments = path.split('/');
  const name = segments.pop() ?? path;
  return { folders: segments, name };
}

/** Returns every ancestor folder of a file path, outermost first: `a/b/c.mov` gives `a` and `a/b`. */
export function ancestorFolders(path: string): string[] {
  const { folders } = splitPath(path);
  return folders.map((_segment, index) => folders.slice(0, index + 1).join('/'));
}

/** Returns the first name not taken: `Name`, then `Name (2)`, `Name (3)`, and so on. */
export function firstFreeName(baseName: string, taken: ReadonlySet<string>): string {
  if (!taken.has(baseName)) return baseName;
  for (let number = 2; ; number++) {
    const candidate = `${baseName} (${number})`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Returns the external id that marks an Iconik object as made by this service for
 * one package and one path, so a retried step finds its earlier object
 * instead of creating a second one.
 */
export function externalId(kind: 'package' | 'folder' | 'file', integrationId: string, packageId: string, path = ''): string {
  return `iconik-delivery:${kind}:${integrationId}:${packageId}:${path}`;
}
