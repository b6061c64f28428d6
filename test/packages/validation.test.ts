import pino from 'pino';
import type { NewPackage } from '../../src/domain/package';
import { PackageValidationError, openPackageStore, type PackageStore } from '../../src/packages';
import { createTestDatabase, engines, type TestDatabase } from '../integrations/support/test-database';
import { newPackage } from './support/packages';

const logger = pino({ level: 'silent' });
const file = (path: string, size = 1, source = 'file:///srv/x') => ({ path, size, source });

// Each case breaks one rule; the store must name the field and the rule.
const cases: [string, Partial<NewPackage>, string, string][] = [
  ['id with a slash', { id: 'a/b' }, 'id', 'must be 1 to 200 letters, digits, ".", "_", ":" or "-", starting with a letter or digit'],
  ['empty id', { id: '' }, 'id', 'must be 1 to 200 letters'],
  ['id over 200 characters', { id: 'a'.repeat(201) }, 'id', 'must be 1 to 200 letters'],
  ['blank name', { name: '   ' }, 'name', 'must not be empty or only whitespace'],
  ['name with a newline', { name: 'two\nlines' }, 'name', 'must not contain control characters'],
  ['name with an unpaired surrogate', { name: 'broken \ud800 name' }, 'name', 'must be valid Unicode, but it contains an unpaired surrogate'],
  ['portal id with spaces around', { portal: { id: ' portal-a ', name: 'Acme' } }, 'portal.id', 'must not start or end with whitespace'],
  ['empty portal name', { portal: { id: 'portal-a', name: '' } }, 'portal.name', 'must not be empty or only whitespace'],
  ['invalid uploader email', { uploaderEmail: 'not-an-email' }, 'uploaderEmail', 'must be a valid email address'],
  ['invalid recipient', { recipients: ['ok@example.com', 'nope'] }, 'recipients.1', 'must be a valid email address'],
  ['repeated recipient', { recipients: ['ok@example.com', 'OK@example.com'] }, 'recipients.1', 'repeats recipient 0 ("OK@example.com")'],
  ['metadata value not a string', { metadata: { day: 1 as unknown as string } }, 'metadata.day', 'must be a string'],
  ['empty metadata key', { metadata: { '': 'x' } }, 'metadata', 'has an invalid key "": the key must not be empty or only whitespace'],
  ['metadata key over 200 characters', { metadata: { ['k'.repeat(201)]: 'x' } }, 'metadata', 'the key must be at most 200 characters'],
  ['metadata value with a NUL', { metadata: { notes: 'a\u0000b' } }, 'metadata.notes', 'must not contain control characters'],
  ['metadata value over 10000 characters', { metadata: { notes: 'x'.repeat(10_001) } }, 'metadata.notes', 'must be at most 10000 characters'],
  ['download URL not http', { downloadUrl: 'ftp://example.com/x' }, 'downloadUrl', 'must be an http or https URL'],
  ['absolute path', { files: [file('/etc/passwd')] }, 'files.0.path', 'must be relative: remove the leading "/" from "/etc/passwd"'],
  ['dot-dot segment', { files: [file('a/../b')] }, 'files.0.path', 'must not contain a ".." segment: "a/../b"'],
  ['dot segment', { files: [file('a/./b')] }, 'files.0.path', 'must not contain a "." segment: "a/./b"'],
  ['empty segment', { files: [file('a//b')] }, 'files.0.path', 'must not contain an empty segment ("//" or a trailing "/"): "a//b"'],
  ['trailing slash', { files: [file('a/')] }, 'files.0.path', 'must not contain an empty segment'],
  ['empty path', { files: [file('')] }, 'files.0.path', 'must not be empty'],
  ['NUL in path', { files: [file('a\u0000b')] }, 'files.0.path', 'must not contain control characters'],
  ['path over 4096 characters', { files: [file('a'.repeat(4097))] }, 'files.0.path', 'must be at most 4096 characters'],
  ['repeated file path', { files: [file('a.mov'), file('b.mov'), file('a.mov')] }, 'files.2.path', 'repeats the path of files.0: "a.mov"'],
  ['repeated folder', { files: [], folders: ['x', 'y', 'x'] }, 'folders.2', 'repeats folders.0: "x"'],
  ['file that is a listed folder', { files: [file('x'), file('y')], folders: ['y'] }, 'files.1.path', 'is also a folder (folders.0): a path is either a file or a folder'],
  ['file that is a parent', { files: [file('clip'), file('clip/inner.mov')], folders: [] }, 'files.0.path', 'is also a folder (a parent of files.1.path)'],
  ['file that is a folder parent', { files: [file('dir')], folders: ['dir/sub'] }, 'files.0.path', 'is also a folder (a parent of folders.0)'],
  ['invalid folder path', { files: [], folders: ['ok', '../up'] }, 'folders.1', 'must not contain a ".." segment'],
  ['negative size', { files: [file('a', -1)] }, 'files.0.size', 'must not be negative'],
  ['fractional size', { files: [file('a', 1.5)] }, 'files.0.size', 'must be a whole number of bytes'],
  ['size over 5 TiB', { files: [file('a', 5 * 1024 ** 4 + 1)] }, 'files.0.size', 'must be at most 5 TiB (5497558138880 bytes)'],
  ['size as text', { files: [file('a', '10' as unknown as number)] }, 'files.0.size', 'must be a number of bytes'],
  ['unknown source scheme', { files: [file('a', 1, 'ftp://host/a')] }, 'files.0.source', 'must be one of file:///absolute/path, s3://bucket/key, https://host/path'],
  ['file source with a host', { files: [file('a', 1, 'file://server/share/a')] }, 'files.0.source', 'must be a file URL without a host'],
  ['file source of a folder', { files: [file('a', 1, 'file:///srv/')] }, 'files.0.source', 'must name a file, not a folder'],
  ['s3 source without key', { files: [file('a', 1, 's3://bucket-name/')] }, 'files.0.source', 'must be s3://bucket/key'],
  ['s3 source with uppercase bucket', { files: [file('a', 1, 's3://Bucket/key')] }, 'files.0.source', 'must be s3://bucket/key'],
  ['https source with credentials', { files: [file('a', 1, 'https://user:pw@cdn.example.com/a')] }, 'files.0.source', 'must not contain a user name or password'],
  ['http source on a public host', { files: [file('a', 1, 'http://cdn.example.com/a')] }, 'files.0.source', 'must use https://'],
  ['source with a newline', { files: [file('a', 1, 'https://cdn.example.com/a\nb')] }, 'files.0.source', 'must not contain control characters'],
  ['unknown field', { extra: true } as Partial<NewPackage>, 'extra', 'is not a field of a package: remove it'],
  ['unknown file field', { files: [{ ...file('a'), kind: 'file' } as never] }, 'files.0.kind', 'is not a field of a package: remove it'],
];

describe.each(engines)('PackageRepository validation on %s', (engine) => {
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

  async function storedRows(): Promise<number> {
    const rows = await database.raw.query<{ n: number | string }>(
      'SELECT (SELECT COUNT(*) FROM packages) + (SELECT COUNT(*) FROM package_files) + (SELECT COUNT(*) FROM package_folders) AS n',
    );
    return Number(rows[0]?.n);
  }

  it.each(cases)('rejects %s', async (_case, change, field, message) => {
    const error = await store.repository.save(newPackage(change)).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PackageValidationError);
    const issues = (error as PackageValidationError).issues;
    expect(issues.map((issue) => issue.field)).toEqual([field]);
    expect(issues[0]?.message).toContain(message);
    expect((error as Error).message).toContain(`${field} ${issues[0]?.message}`);
    expect(await storedRows()).toBe(0);
  });

  it('accepts every source form', async () => {
    const files = [
      file('a', 1, 'file:///srv/uploads/a b.mov'),
      file('b', 1, 's3://incoming.media-1/pkg/b c+d%.mov'),
      file('c', 1, 'https://cdn.example.com/c?X-Amz-Signature=0f'),
      file('d', 1, 'http://127.0.0.1:8080/d'),
      file('e', 1, 'http://localhost/e'),
      file('f', 1, 'http://[::1]:9000/f'),
    ];
    const saved = await store.repository.save(newPackage({ id: 'sources', files, folders: [] }));

    expect(saved.created).toBe(true);
    expect(await store.repository.listFiles('sources', { limit: 10 })).toEqual(files);
  });

  it('accepts multi-line form answers', async () => {
    const metadata = { Notes: 'first line\nsecond line\r\n\tindented', Crew: ['Ana', 'Ben\nBoom'] };
    const saved = await store.repository.save(newPackage({ id: 'multiline-form', metadata }));

    expect(saved.package.metadata).toEqual(metadata);
    expect((await store.repository.get('multiline-form'))?.metadata).toEqual(metadata);
  });

  it('accepts a file of exactly 5 TiB', async () => {
    const saved = await store.repository.save(newPackage({ id: 'largest', files: [file('huge.mxf', 5 * 1024 ** 4)], folders: [] }));

    expect(saved.package.totalBytes).toBe(5_497_558_138_880);
    expect(await store.repository.listFiles('largest', { limit: 1 })).toEqual([file('huge.mxf', 5 * 1024 ** 4)]);
  });

  it('rejects totals above 2^53 bytes', async () => {
    const files = Array.from({ length: 1_700 }, (_, index) => file(`f${index}`, 5 * 1024 ** 4));

    await expect(store.repository.save(newPackage({ id: 'too-large', files, folders: [] }))).rejects.toThrow(
      'files sizes add up to more than 9007199254740991 bytes: split the package',
    );
  });

  it('reports every broken rule at once', async () => {
    const error = (await store.repository
      .save(newPackage({ id: 'x y', uploaderEmail: 'nope', files: [file('/a', -1)] }))
      .catch((caught: unknown) => caught)) as PackageValidationError;

    expect(error.issues.map((issue) => issue.field)).toEqual(['id', 'uploaderEmail', 'files.0.path', 'files.0.size']);
  });
});
