import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { NewPackage, PackageFile } from '../../src/domain/package';

/** Reads a folder into a package: every file with its size and `file://` source, and every folder, empty ones too. */
export function scanFolder(root: string, packageInfo: Omit<NewPackage, 'files' | 'folders'>): NewPackage {
  const files: PackageFile[] = [];
  const folders: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const path = relative(root, full).split(sep).join('/');
      if (entry.isDirectory()) {
        folders.push(path);
        walk(full);
      } else if (entry.isFile()) {
        files.push({ path, size: statSync(full).size, source: pathToFileURL(full).href });
      }
    }
  };
  walk(root);
  if (files.length === 0) throw new Error(`${root} holds no files: point the demo at a folder with at least one file`);
  return { ...packageInfo, files, folders };
}
