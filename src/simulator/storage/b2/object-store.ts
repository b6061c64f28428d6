import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { badRequest } from './errors';

/** The metadata B2 keeps for a stored file, as the simulator records it next to the bytes. */
export interface B2FileRecord {
  fileId: string;
  fileName: string;
  contentLength: number;
  /** Hex SHA-1 of the bytes, or "none" for a large file, as B2 reports it. */
  contentSha1: string;
  contentMd5: string | undefined;
  contentType: string;
  fileInfo: Record<string, string>;
  uploadTimestamp: number;
}

/** The result of streaming a request body to disk: its length and digests. */
export interface ReceivedBytes {
  path: string;
  size: number;
  sha1: string;
  md5: string;
}

/**
 * Stores B2 objects on disk, one folder per bucket. Each object is a data
 * file and a JSON record, both named by the SHA-256 of its key. Any B2 file
 * name (a 40-level path, a name that is also a prefix of another, NFC and NFD
 * spellings) thus maps to one flat file, whatever the file system's rules.
 */
export class B2ObjectStore {
  constructor(private readonly dir: string) {}

  async ensureBucket(bucket: string): Promise<boolean> {
    const objects = this.objectsDir(bucket);
    const created = (await mkdir(objects, { recursive: true })) !== undefined;
    await mkdir(this.incomingDir(bucket), { recursive: true });
    return created;
  }

  /**
   * Streams `body` to a temporary file in the bucket, checking that exactly
   * `expectedLength` bytes arrive and, unless `expectedSha1` is undefined,
   * that their SHA-1 matches. Throws a 400 B2Error otherwise.
   */
  async receive(bucket: string, body: Readable, expectedLength: number, expectedSha1: string | undefined): Promise<ReceivedBytes> {
    const path = join(this.incomingDir(bucket), `${randomBytes(12).toString('hex')}.tmp`);
    const digest = digestStream();
    try {
      await pipeline(body, digest.transform, createWriteStream(path));
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
    const received = { path, ...digest.result() };
    if (received.size !== expectedLength) {
      await rm(path, { force: true });
      throw badRequest(`Content-Length is ${expectedLength} but ${received.size} bytes arrived.`);
    }
    if (expectedSha1 !== undefined && received.sha1 !== expectedSha1.toLowerCase()) {
      await rm(path, { force: true });
      throw badRequest(`Sha1 did not match data received: X-Bz-Content-Sha1 was ${expectedSha1}, the bytes hash to ${received.sha1}.`);
    }
    return received;
  }

  /** Moves received bytes into place under the record's file name, replacing any earlier version. */
  async commit(bucket: string, dataPath: string, record: B2FileRecord): Promise<void> {
    const base = this.objectBase(bucket, record.fileName);
    await rename(dataPath, `${base}.data`);
    const recordTemp = join(this.incomingDir(bucket), `${randomBytes(12).toString('hex')}.json`);
    await writeFile(recordTemp, JSON.stringify(record));
    await rename(recordTemp, `${base}.json`);
  }

  async stat(bucket: string, fileName: string): Promise<B2FileRecord | undefined> {
    try {
      return JSON.parse(await readFile(`${this.objectBase(bucket, fileName)}.json`, 'utf8')) as B2FileRecord;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  dataPath(bucket: string, fileName: string): string {
    return `${this.objectBase(bucket, fileName)}.data`;
  }

  async read(bucket: string, fileName: string): Promise<Readable> {
    if ((await this.stat(bucket, fileName)) === undefined) {
      throw new Error(`B2 file "${fileName}" not found in bucket ${bucket}`);
    }
    return createReadStream(this.dataPath(bucket, fileName));
  }

  async delete(bucket: string, fileName: string): Promise<void> {
    const base = this.objectBase(bucket, fileName);
    await rm(`${base}.json`, { force: true });
    await rm(`${base}.data`, { force: true });
  }

  /**
   * Yields the records under a prefix in B2's order (by the UTF-8 bytes of
   * the name). The records are read in batches of 1000 directory entries.
   */
  async *list(bucket: string, prefix: string): AsyncGenerator<B2FileRecord> {
    let names: string[];
    try {
      names = (await readdir(this.objectsDir(bucket))).filter((name) => name.endsWith('.json'));
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    const matches: B2FileRecord[] = [];
    for (let start = 0; start < names.length; start += 1000) {
      const batch = names.slice(start, start + 1000);
      const records = await Promise.all(batch.map(async (name) => this.readRecord(bucket, name)));
      for (const record of records) {
        if (record !== undefined && record.fileName.startsWith(prefix)) matches.push(record);
      }
    }
    matches.sort((a, b) => Buffer.compare(Buffer.from(a.fileName, 'utf8'), Buffer.from(b.fileName, 'utf8')));
    yield* matches;
  }

  /** Folder for the parts of one unfinished large file. */
  largeFileDir(bucket: string, fileId: string): string {
    return join(this.dir, bucket, 'large-files', fileId);
  }

  private async readRecord(bucket: string, name: string): Promise<B2FileRecord | undefined> {
    try {
      return JSON.parse(await readFile(join(this.objectsDir(bucket), name), 'utf8')) as B2FileRecord;
    } catch (error) {
      // A delete that ran between readdir and readFile leaves nothing to list.
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  private objectsDir(bucket: string): string {
    return join(this.dir, bucket, 'objects');
  }

  private incomingDir(bucket: string): string {
    return join(this.dir, bucket, 'incoming');
  }

  private objectBase(bucket: string, fileName: string): string {
    return join(this.objectsDir(bucket), createHash('sha256').update(fileName, 'utf8').digest('hex'));
  }
}

function digestStream(): { transform: Transform; result: () => { size: number; sha1: string; md5: string } } {
  const sha1 = createHash('sha1');
  const md5 = createHash('md5');
  let size = 0;
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      sha1.update(chunk);
      md5.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  return { transform, result: () => ({ size, sha1: sha1.digest('hex'), md5: md5.digest('hex') }) };
}

// Checks the code field alone, because errors from another realm (a test sandbox) fail `instanceof Error`.
export function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === 'ENOENT';
}
