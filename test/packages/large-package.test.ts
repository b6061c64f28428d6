import pino from 'pino';
import type { PackageFile } from '../../src/domain/package';
import { openPackageStore, type PackageStore } from '../../src/packages';
import { createTestDatabase, engines, type TestDatabase } from '../integrations/support/test-database';
import { newPackage, numberedFiles } from './support/packages';

const logger = pino({ level: 'silent' });
const fileCount = 12_000;

describe.each(engines)('PackageRepository with 12000 files on %s', (engine) => {
  let database: TestDatabase;
  let store: PackageStore;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    store = await openPackageStore(database.config, { logger });
  });

  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('saves once and reads every page', async () => {
    // 120 folders of 100 files each, listed in reverse order.
    const files = numberedFiles(fileCount)
      .map((file, index) => ({ ...file, path: `take ${String(Math.floor(index / 100)).padStart(3, '0')}/${file.path}` }))
      .reverse();

    const saveStarted = performance.now();
    const saved = await store.repository.save(newPackage({ id: 'large', files, folders: [] }));
    const saveMs = performance.now() - saveStarted;

    const readStarted = performance.now();
    const listed: PackageFile[] = [];
    for (let afterPath: string | undefined; ; ) {
      const page = await store.repository.listFiles('large', { afterPath, limit: 1_000 });
      listed.push(...page);
      if (page.length < 1_000) break;
      afterPath = page[page.length - 1]?.path;
    }
    const readMs = performance.now() - readStarted;

    expect(saved.package.fileCount).toBe(fileCount);
    expect(saved.package.totalBytes).toBe((fileCount * (fileCount - 1)) / 2);
    expect(listed).toEqual([...files].reverse());
    expect(await store.repository.listFolders('large', { limit: 1_000 })).toHaveLength(120);

    const repeatStarted = performance.now();
    expect((await store.repository.save(newPackage({ id: 'large', files, folders: [] }))).created).toBe(false);
    const repeatMs = performance.now() - repeatStarted;

    console.log(`${engine}: save ${fileCount} files ${saveMs.toFixed(0)} ms, read 13 pages ${readMs.toFixed(0)} ms, repeated save ${repeatMs.toFixed(0)} ms`);
  });
});
