import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { NewPackage, Portal } from '../../src/domain/package';

/** Writes the files under the source root and returns a package of them. */
export function writePackage(
  sourceRoot: string,
  options: {
    name: string;
    files: Record<string, Buffer>;
    folders?: string[];
    portal?: Portal | null;
    recipients?: string[];
    metadata?: NewPackage['metadata'];
    downloadUrl?: string | null;
  },
): NewPackage {
  const id = `pkg-${randomUUID()}`;
  const root = join(sourceRoot, id);
  return {
    id,
    name: options.name,
    portal: options.portal === undefined ? { id: 'portal-e2e', name: 'Acme Portal' } : options.portal,
    uploaderEmail: 'sender@example.com',
    recipients: options.recipients ?? [],
    metadata: options.metadata ?? {},
    downloadUrl: options.downloadUrl ?? null,
    folders: options.folders ?? [],
    files: Object.entries(options.files).map(([path, bytes]) => {
      const file = join(root, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, bytes);
      // pathToFileURL encodes %, # and spaces, which a bare file:// prefix would leave as URL syntax.
      return { path, size: bytes.length, source: pathToFileURL(file).href };
    }),
  };
}
