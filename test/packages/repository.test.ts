import pino from 'pino';
import type { PackageFile } from '../../src/domain/package';
import { PackageConflictError, PackageNotFoundError, PackageValidationError, openPackageStore, type PackageStore } from '../../src/packages';
import { createTestDatabase, engines, type TestDatabase } from '../integrations/support/test-database';
import { byteOrder, newPackage, numberedFiles, TestClock } from './support/packages';

const logger = pino({ level: 'silent' });

describe.each(engines)('PackageRepository on %s', (engine) => {
  let database: TestDatabase;
  let store: PackageStore;
  const clock = new TestClock();

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    store = await openPackageStore(database.config, { logger, now: clock.now });
  });

  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  beforeEach(async () => {
    await database.raw.execute('DELETE FROM packages');
    clock.current = new Date('2026-03-02T10:00:00.000Z');
  });

  async function count(table: string): Promise<number> {
    const rows = await database.raw.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table}`);
    return Number(rows[0]?.n);
  }

  async function readAllFiles(packageId: string, limit: number): Promise<PackageFile[][]> {
    const pages: PackageFile[][] = [];
    let afterPath: string | undefined;
    for (;;) {
      const page = await store.repository.listFiles(packageId, { afterPath, limit });
      pages.push(page);
      if (page.length < limit) return pages;
      afterPath = page[page.length - 1]?.path;
    }
  }

  describe('save and get', () => {
    it('stores the package with its totals', async () => {
      const result = await store.repository.save(newPackage());

      const expected = {
        id: 'pkg-0001',
        name: 'Day 1 rushes',
        portal: { id: 'portal-a', name: 'Acme portal' },
        uploaderEmail: 'uploader@example.com',
        recipients: ['editor@example.com', 'producer@example.com'],
        description: null,
        metadata: { project: 'Northern Lights', shootDay: '1' },
        downloadUrl: 'https://portal.example.com/download/pkg-0001',
        fileCount: 2,
        totalBytes: 1_048_588,
        receivedAt: '2026-03-02T10:00:00.000Z',
      };
      expect(result).toEqual({ package: expected, created: true });
      expect(await store.repository.get('pkg-0001')).toEqual(expected);
      expect(await count('package_files')).toBe(2);
      expect(await count('package_folders')).toBe(3);
    });

    it('stores the description and checkbox lists', async () => {
      const metadata = { project: 'Northern Lights', deliverables: ['Master', 'Proxy'] };
      const saved = await store.repository.save(newPackage({ id: 'pkg-described', description: 'Day one\nsecond line', metadata }));

      expect(saved.package).toMatchObject({ description: 'Day one\nsecond line', metadata });
      expect(await store.repository.get('pkg-described')).toMatchObject({ description: 'Day one\nsecond line', metadata });
      expect((await store.repository.save(newPackage({ id: 'pkg-described', description: 'Day one\nsecond line', metadata }))).created).toBe(false);
      await expect(store.repository.save(newPackage({ id: 'pkg-described', description: 'Changed', metadata }))).rejects.toThrow('description');
    });

    it('stores a Send to cloud package without portal', async () => {
      const saved = await store.repository.save(newPackage({ id: 'stc-1', portal: null, recipients: [], metadata: {}, downloadUrl: null, files: [], folders: [] }));

      expect(saved.package).toMatchObject({ portal: null, recipients: [], metadata: {}, downloadUrl: null, fileCount: 0, totalBytes: 0 });
      expect(await store.repository.get('stc-1')).toEqual(saved.package);
    });

    it('returns undefined for an unknown id', async () => {
      expect(await store.repository.get('no-such-package')).toBeUndefined();
    });

    it('rejects a malformed id on get', async () => {
      await expect(store.repository.get('a/b')).rejects.toThrow('id must be 1 to 200 letters, digits');
    });
  });

  describe('listFiles and listFolders', () => {
    it('lists files page by page in byte order', async () => {
      const files = numberedFiles(25).reverse();
      await store.repository.save(newPackage({ files, folders: [] }));

      const pages = await readAllFiles('pkg-0001', 10);

      expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
      expect(pages.flat()).toEqual([...files].sort((a, b) => (a.path < b.path ? -1 : 1)));
    });

    it('returns an empty page after the last path', async () => {
      await store.repository.save(newPackage());

      expect(await store.repository.listFiles('pkg-0001', { afterPath: 'notes.txt', limit: 10 })).toEqual([]);
      expect(await store.repository.listFiles('pkg-0001', { afterPath: 'zzz', limit: 10 })).toEqual([]);
    });

    it('starts a page after a path that is not stored', async () => {
      await store.repository.save(newPackage({ files: numberedFiles(5), folders: [] }));

      const page = await store.repository.listFiles('pkg-0001', { afterPath: 'file-00002.binary', limit: 10 });

      expect(page.map((file) => file.path)).toEqual(['file-00003.bin', 'file-00004.bin']);
    });

    it('lists listed, empty and parent folders', async () => {
      await store.repository.save(
        newPackage({
          files: [{ path: 'a/b/c/deep.mov', size: 1, source: 'file:///srv/deep.mov' }],
          folders: ['empty', 'x/y/empty too', 'a/b'],
        }),
      );

      const first = await store.repository.listFolders('pkg-0001', { limit: 4 });
      const second = await store.repository.listFolders('pkg-0001', { afterPath: first[first.length - 1], limit: 4 });

      expect(first).toEqual(['a', 'a/b', 'a/b/c', 'empty']);
      expect(second).toEqual(['x', 'x/y', 'x/y/empty too']);
      expect(await count('package_folders')).toBe(7);
    });

    it('raises PackageNotFoundError for an unknown package', async () => {
      await expect(store.repository.listFiles('missing', { limit: 10 })).rejects.toBeInstanceOf(PackageNotFoundError);
      await expect(store.repository.listFolders('missing', { limit: 10 })).rejects.toThrow('Package missing not found');
    });

    it('returns an empty page for a package without files', async () => {
      await store.repository.save(newPackage({ files: [], folders: [] }));

      expect(await store.repository.listFiles('pkg-0001', { limit: 10 })).toEqual([]);
      expect(await store.repository.listFolders('pkg-0001', { limit: 10 })).toEqual([]);
    });

    it.each([
      [{ limit: 0 }, 'limit must be a whole number from 1 to 5000 (got 0)'],
      [{ limit: 5001 }, 'limit must be a whole number from 1 to 5000 (got 5001)'],
      [{ limit: 1.5 }, 'limit must be a whole number from 1 to 5000 (got 1.5)'],
      [{ limit: 10, afterPath: '/abs' }, 'afterPath must be relative'],
    ])('rejects page %j', async (page, message) => {
      await store.repository.save(newPackage());

      await expect(store.repository.listFiles('pkg-0001', page)).rejects.toThrow(message);
      await expect(store.repository.listFolders('pkg-0001', page)).rejects.toThrow(message);
    });
  });

  describe('idempotent save', () => {
    it('stores nothing new for a repeated event', async () => {
      const first = await store.repository.save(newPackage());
      clock.advance(60_000);

      const second = await store.repository.save(newPackage());

      expect(second).toEqual({ package: first.package, created: false });
      expect(second.package.receivedAt).toBe('2026-03-02T10:00:00.000Z');
      expect(await count('packages')).toBe(1);
      expect(await count('package_files')).toBe(2);
      expect(await count('package_folders')).toBe(3);
    });

    it('treats another file and key order as the same content', async () => {
      const original = newPackage();
      await store.repository.save(original);

      const reordered = newPackage({
        files: [...original.files].reverse(),
        folders: ['Camera B/empty', 'Camera B', 'Camera A'],
        metadata: { shootDay: '1', project: 'Northern Lights' },
      });

      expect((await store.repository.save(reordered)).created).toBe(false);
    });

    it('creates one package from concurrent saves', async () => {
      const results = await Promise.all([1, 2, 3].map(() => store.repository.save(newPackage({ files: numberedFiles(300) }))));

      expect(results.map((result) => result.created).sort()).toEqual([false, false, true]);
      expect(await count('packages')).toBe(1);
      expect(await count('package_files')).toBe(300);
    });
  });

  describe('conflict', () => {
    it.each([
      ['name', { name: 'Day 2 rushes' }, 'name differ'],
      ['portal', { portal: { id: 'portal-b', name: 'Acme portal' } }, 'portal differ'],
      ['recipients', { recipients: ['editor@example.com'] }, 'recipients differ'],
      ['metadata', { metadata: { project: 'Northern Lights', shootDay: '2' } }, 'metadata differ'],
      ['file size', { files: [{ path: 'notes.txt', size: 13, source: 'file:///srv/notes.txt' }] }, 'files differ'],
      ['file source', { files: newPackage().files.map((file) => ({ ...file, source: 'file:///elsewhere' })) }, 'files or folders differ'],
      ['folders', { folders: ['Camera A'] }, 'files or folders differ'],
    ])('rejects a different %s under the same id', async (_case, change, message) => {
      const first = await store.repository.save(newPackage());

      const error = await store.repository.save(newPackage(change)).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(PackageConflictError);
      expect((error as Error).message).toContain(`Package pkg-0001 is already stored with different content (${message})`);
      expect(await store.repository.get('pkg-0001')).toEqual(first.package);
      expect(await count('package_files')).toBe(2);
      expect(await count('package_folders')).toBe(3);
    });
  });

  describe('special characters', () => {
    const names = [
      'with space.mov',
      'plus+sign.mov',
      'percent%20literal.mov',
      'hash#tag.mov',
      'and&ampersand.mov',
      'double"quote.mov',
      "single'quote.mov",
      'emoji 🎬🎞️.mov',
      'caf\u00e9 NFC.mov',
      'cafe\u0301 NFD.mov',
      'caf\u00e9.mov',
      'cafe\u0301.mov',
      'back\\slash.mov',
      'Ωmega/日本語/ファイル.mxf',
      'question?mark.mov',
    ];

    it('round-trips names byte for byte', async () => {
      const files = names.map((name, index) => ({ path: name, size: index, source: `s3://incoming-media/${name}` }));
      await store.repository.save(newPackage({ name: 'Rushes & "dailies" #1 🎬 cafe\u0301', files, folders: ['dossier caf\u00e9', 'dossier cafe\u0301'] }));

      const listed = (await readAllFiles('pkg-0001', 4)).flat();

      expect(listed.map((file) => file.path)).toEqual(byteOrder(names));
      for (const file of listed) {
        const original = files.find((candidate) => Buffer.from(candidate.path).equals(Buffer.from(file.path)));
        expect(original).toEqual(file);
      }
      expect(Buffer.from((await store.repository.get('pkg-0001'))?.name ?? '')).toEqual(Buffer.from('Rushes & "dailies" #1 🎬 cafe\u0301'));
      expect(await store.repository.listFolders('pkg-0001', { limit: 10 })).toEqual(
        byteOrder(['dossier caf\u00e9', 'dossier cafe\u0301', 'Ωmega', 'Ωmega/日本語']),
      );
    });

    it('keeps NFC and NFD spellings as two files', async () => {
      const files = [
        { path: 'caf\u00e9.mov', size: 1, source: 'file:///srv/nfc' },
        { path: 'cafe\u0301.mov', size: 2, source: 'file:///srv/nfd' },
      ];
      await store.repository.save(newPackage({ files, folders: [] }));

      const listed = await store.repository.listFiles('pkg-0001', { limit: 10 });

      expect(listed).toHaveLength(2);
      expect(listed.map((file) => Buffer.from(file.path).toString('hex'))).toEqual(
        byteOrder(files.map((file) => file.path)).map((path) => Buffer.from(path).toString('hex')),
      );
    });
  });

  describe('validation', () => {
    it('rejects invalid input and stores nothing', async () => {
      const error = await store.repository.save(newPackage({ files: [{ path: '../escape', size: -1, source: 'ftp://x' }] })).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(PackageValidationError);
      expect((error as PackageValidationError).issues).toEqual([
        { field: 'files.0.path', message: 'must not contain a ".." segment: "../escape"' },
        { field: 'files.0.size', message: 'must not be negative' },
        { field: 'files.0.source', message: expect.stringContaining('must be one of file:///absolute/path') },
      ]);
      expect(await count('packages')).toBe(0);
    });
  });
});
