import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import pino from 'pino';
import { createFileSourceReader, createHttpSourceReader } from '../../src/transfer';
import { TransferInputError } from '../../src/transfer/errors';
import { HttpSourceServer } from './support/http-source-server';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('source readers', () => {
  let dir: string;
  let root: string;
  const bytes = Buffer.from(Array.from({ length: 1000 }, (_, index) => index % 251));

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sources-test-'));
    root = join(dir, 'root');
    mkdirSync(root);
    writeFileSync(join(root, 'data.bin'), bytes);
    writeFileSync(join(dir, 'secret.txt'), 'outside');
    symlinkSync(join(dir, 'secret.txt'), join(root, 'escape.txt'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('file', () => {
    const reader = () => createFileSourceReader({ root });

    it('reads a byte range', async () => {
      const read = await reader().open(new URL(`file://${join(root, 'data.bin')}`), { start: 100, end: 250 });

      expect(read.size).toBe(1000);
      expect(await readAll(read.stream)).toEqual(bytes.subarray(100, 250));
    });

    it('rejects a symlink leaving the root', async () => {
      const failure = (await reader().open(new URL(`file://${join(root, 'escape.txt')}`), { start: 0 }).catch((error: unknown) => error)) as TransferInputError;

      expect(failure).toBeInstanceOf(TransferInputError);
      expect(failure.type).toBe('SourceOutsideRoot');
      expect(failure.message).toContain(join(dir, 'secret.txt'));
      expect(failure.message).toContain(root);
    });

    it('rejects a dot-dot path', async () => {
      const failure = (await reader().open(new URL(`file://${root}/../secret.txt`), { start: 0 }).catch((error: unknown) => error)) as TransferInputError;

      expect(failure.type).toBe('SourceOutsideRoot');
    });
  });

  describe('http', () => {
    let server: HttpSourceServer;
    let url: string;
    const reader = createHttpSourceReader({ logger: pino({ level: 'silent' }) });

    beforeAll(async () => {
      server = new HttpSourceServer(root);
      url = await server.start();
    });

    afterAll(() => server.close());

    it('reads a byte range with 206', async () => {
      server.ignoreRange = false;

      const read = await reader.open(new URL(`${url}/data.bin`), { start: 10, end: 20 });

      expect(read.size).toBe(1000);
      expect(await readAll(read.stream)).toEqual(bytes.subarray(10, 20));
      expect(server.rangeHeaders.at(-1)).toBe('bytes=10-19');
    });

    it('skips to the range when Range is ignored', async () => {
      server.ignoreRange = true;

      const read = await reader.open(new URL(`${url}/data.bin`), { start: 900 });

      expect(read.size).toBe(1000);
      expect(await readAll(read.stream)).toEqual(bytes.subarray(900));
    });

    it('rejects plain http off loopback', async () => {
      const failure = (await reader.open(new URL('http://example.com/file.bin'), { start: 0 }).catch((error: unknown) => error)) as TransferInputError;

      expect(failure.type).toBe('InvalidSource');
      expect(failure.message).toContain('plain http:// is allowed on loopback only');
    });
  });
});
