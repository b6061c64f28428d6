import { randomBytes } from 'node:crypto';
import type { CloudStorageMethod } from '../../../src/simulator/storage/types';
import { listAll, readBack, sha256, startStorageHarness, uniqueBucket, type StorageHarness } from './harness';
import { uploadWhole } from './upload-client';

const accented = 'accents/Pâté Café Ñandú.txt';
const deepPath = `deep/${Array.from({ length: 40 }, (_, index) => `level-${String(index + 1).padStart(2, '0')}`).join('/')}/leaf file.bin`;

/** Keys that must round-trip exactly: reserved URL characters, literal percent signs, quotes, emoji, both Unicode normal forms and a 40-level path. */
const specialKeys = [
  'special/space and +plus.txt',
  'special/literal %25 and 100%ab percent.txt',
  'special/#hash ?query=1 &amp.txt',
  `special/"double" and 'single' quotes.txt`,
  'special/emoji 🎬📼 clip.mov',
  accented.normalize('NFC'),
  accented.normalize('NFD'),
  deepPath,
];

const methods: CloudStorageMethod[] = ['S3', 'AZURE', 'GCS', 'B2'];

describe('special object keys on every method', () => {
  let harness: StorageHarness;

  beforeAll(async () => {
    harness = await startStorageHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  it('key list has distinct NFC and NFD forms', () => {
    expect(accented.normalize('NFC')).not.toBe(accented.normalize('NFD'));
    expect(deepPath.split('/')).toHaveLength(42);
  });

  it.each(methods)('%s keys round-trip exactly', async (method) => {
    const { backends } = harness;
    const backend = backends.byMethod[method];
    const bucket = uniqueBucket(`keys-${method.toLowerCase()}`);
    await backend.ensureBucket(bucket);

    const bodies = new Map<string, Buffer>();
    for (const [index, key] of specialKeys.entries()) {
      const body = Buffer.concat([Buffer.from(key), randomBytes(1000 + index)]);
      bodies.set(key, body);
      const target = await backend.issueUploadTarget({ method, bucket, key });
      expect(target.upload_filename).toBe(key);
      await uploadWhole(method, target, body);
    }

    const listed = await listAll(backends, method, bucket, '');
    const expected = specialKeys.map((key) => ({ key, size: bodies.get(key)?.length ?? 0 }));
    const byKey = (a: { key: string }, b: { key: string }): number => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key));
    expect([...listed].sort(byKey)).toEqual([...expected].sort(byKey));

    for (const key of specialKeys) {
      const body = bodies.get(key) ?? Buffer.alloc(0);
      expect(await backend.statObject({ method, bucket, key })).toEqual({ size: body.length });
      expect(await readBack(backends, { method, bucket, key })).toEqual({ sha256: sha256(body), size: body.length });
    }

    expect((await listAll(backends, method, bucket, 'accents/')).map((object) => object.key).sort()).toEqual(
      [accented.normalize('NFC'), accented.normalize('NFD')].sort(),
    );
    expect(await listAll(backends, method, bucket, 'deep/level-01/level-02/')).toEqual([{ key: deepPath, size: bodies.get(deepPath)?.length }]);

    for (const key of specialKeys) await backend.deleteObject({ method, bucket, key });
    expect(await listAll(backends, method, bucket, '')).toEqual([]);
  });
});
