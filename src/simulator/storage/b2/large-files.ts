import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import { badRequest } from './errors';
import { newB2FileId } from './ids';
import type { B2ObjectStore, ReceivedBytes } from './object-store';

/** B2 accepts part numbers 1 to 10,000. */
export const maxPartNumber = 10_000;
/** B2's absolute minimum size of every part but the last, in bytes. */
export const minPartBytes = 5_000_000;

interface Part {
  size: number;
  sha1: string;
}

export interface LargeFile {
  fileId: string;
  bucket: string;
  fileName: string;
  parts: Map<number, Part>;
}

/**
 * The unfinished large files and their parts. Part bytes live on disk; which
 * large files exist is kept in memory.
 * NOTE: a restart of the simulator loses unfinished large files, so their
 * part uploads then fail with bad_request and the client must start again.
 */
export class B2LargeFileRegistry {
  private readonly files = new Map<string, LargeFile>();

  constructor(
    private readonly store: B2ObjectStore,
    private readonly logger: Logger,
  ) {}

  async start(bucket: string, fileName: string): Promise<string> {
    const fileId = newB2FileId(bucket);
    await mkdir(this.store.largeFileDir(bucket, fileId), { recursive: true });
    this.files.set(fileId, { fileId, bucket, fileName, parts: new Map() });
    this.logger.info({ method: 'B2', bucket, key: fileName, fileId }, 'started large file');
    return fileId;
  }

  get(fileId: string): LargeFile {
    const file = this.files.get(fileId);
    if (file === undefined) throw badRequest(`No active upload for: ${fileId}`);
    return file;
  }

  /** Returns the unfinished large files, in the order they were started. */
  list(): LargeFile[] {
    return [...this.files.values()];
  }

  /** Records a received part, replacing an earlier upload of the same part number as B2 does. */
  async addPart(fileId: string, partNumber: number, received: ReceivedBytes): Promise<void> {
    const file = this.get(fileId);
    await rename(received.path, this.partPath(file, partNumber));
    file.parts.set(partNumber, { size: received.size, sha1: received.sha1 });
  }

  /**
   * Checks that parts 1 to N were uploaded with the listed SHA-1s and that
   * every part but the last meets B2's minimum size, then concatenates them
   * into one file (streamed, part by part) and returns its path and size.
   */
  async assemble(fileId: string, sha1List: string[]): Promise<{ file: LargeFile; path: string; size: number }> {
    const file = this.get(fileId);
    if (sha1List.length === 0) throw badRequest('partSha1Array is empty: list the SHA-1 of every part, in part-number order.');

    const parts = sha1List.map((sha1, index) => {
      const part = file.parts.get(index + 1);
      if (part === undefined) throw badRequest(`Part number ${index + 1} has not been uploaded for large file ${fileId}.`);
      return part;
    });
    parts.forEach((part, index) => {
      const listed = sha1List[index] ?? '';
      if (part.sha1 !== listed.toLowerCase()) {
        throw badRequest(`Part number ${index + 1} has SHA-1 ${part.sha1}, but the finish request lists ${listed}.`);
      }
    });
    parts.forEach((part, index) => {
      if (index < parts.length - 1 && part.size < minPartBytes) {
        throw badRequest(`Part number ${index + 1} is ${part.size} bytes, smaller than the minimum part size of ${minPartBytes} bytes.`);
      }
    });
    const size = parts.reduce((sum, part) => sum + part.size, 0);

    const path = join(this.store.largeFileDir(file.bucket, fileId), 'assembled.tmp');
    const partPaths = sha1List.map((_, index) => this.partPath(file, index + 1));
    // One pipeline for all parts, so the output stream gets one set of listeners however many parts there are.
    await pipeline(async function* concatenate() {
      for (const partPath of partPaths) yield* createReadStream(partPath);
    }, createWriteStream(path));
    return { file, path, size };
  }

  /** Forgets a large file and deletes its parts. */
  async remove(fileId: string): Promise<void> {
    const file = this.get(fileId);
    this.files.delete(fileId);
    await rm(this.store.largeFileDir(file.bucket, fileId), { recursive: true, force: true });
  }

  private partPath(file: LargeFile, partNumber: number): string {
    return join(this.store.largeFileDir(file.bucket, file.fileId), `${partNumber}.part`);
  }
}
