import type { NewPackage, PackageFile } from '../../../src/domain/package';

/** A portal package with two files in nested folders and one empty folder. */
export function newPackage(overrides: Partial<NewPackage> = {}): NewPackage {
  return {
    id: 'pkg-0001',
    name: 'Day 1 rushes',
    portal: { id: 'portal-a', name: 'Acme portal' },
    uploaderEmail: 'uploader@example.com',
    recipients: ['editor@example.com', 'producer@example.com'],
    metadata: { project: 'Northern Lights', shootDay: '1' },
    downloadUrl: 'https://portal.example.com/download/pkg-0001',
    files: [
      { path: 'Camera A/clip 001.mov', size: 1_048_576, source: 's3://incoming-media/pkg-0001/Camera A/clip 001.mov' },
      { path: 'notes.txt', size: 12, source: 'https://cdn.example.com/pkg-0001/notes.txt?X-Amz-Signature=abc' },
    ],
    folders: ['Camera A', 'Camera B/empty'],
    ...overrides,
  };
}

/** Returns `count` files named `file-00000.bin`, ... with sizes 0, 1, 2, ... */
export function numberedFiles(count: number, prefix = ''): PackageFile[] {
  return Array.from({ length: count }, (_, index) => {
    const path = `${prefix}file-${String(index).padStart(5, '0')}.bin`;
    return { path, size: index, source: `file:///srv/uploads/${path}` };
  });
}

/** Sorts paths by their UTF-8 bytes, the order the store lists them in. */
export function byteOrder(paths: string[]): string[] {
  return [...paths].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
}

/** A clock that stays fixed until a test moves it. */
export class TestClock {
  current = new Date('2026-03-02T10:00:00.000Z');

  readonly now = (): Date => this.current;

  advance(milliseconds: number): void {
    this.current = new Date(this.current.getTime() + milliseconds);
  }
}
