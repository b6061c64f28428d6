import type { Hash } from 'node:crypto';
import type { SourceRead } from './sources';

/**
 * Cuts a source into consecutive parts, copying each byte once into a
 * buffer the caller owns, and feeds every byte, in order, into a hash.
 * Sources with `readInto` are read straight into that buffer; the others are
 * read from their stream, one chunk at a time.
 */
export class PartReader {
  private chunks: AsyncIterator<Buffer> | undefined;
  private leftover: Buffer | undefined;
  private offset = 0;

  constructor(
    private readonly source: SourceRead,
    private readonly hash: Hash,
    private readonly describeSource: string,
  ) {}

  /** Reads the next `length` bytes into the start of `target` and adds them to the hash. */
  async read(target: Buffer, length: number): Promise<void> {
    if (length > target.length) throw new RangeError(`a part of ${length} bytes does not fit a buffer of ${target.length} bytes`);
    let filled = 0;
    while (filled < length) {
      const count = await this.readSome(target, filled, length - filled);
      if (count === 0) {
        throw new Error(`${this.describeSource} ended after ${this.offset} bytes, before the declared size: check that the file is complete, then retry`);
      }
      filled += count;
      this.offset += count;
    }
    this.hash.update(target.subarray(0, length));
  }

  /** Throws when the source has bytes beyond the declared size. */
  async expectEnd(): Promise<void> {
    const count = await this.readSome(Buffer.alloc(1), 0, 1);
    if (count > 0) throw new Error(`${this.describeSource} has more than the declared ${this.offset} bytes: it changed while being read, so retry`);
  }

  /** Copies up to `length` bytes into `target` at `offset`; returns 0 at the end of the source. */
  private async readSome(target: Buffer, offset: number, length: number): Promise<number> {
    if (this.source.readInto !== undefined) return this.source.readInto(target, offset, length);
    const chunk = await this.nextChunk();
    if (chunk === undefined) return 0;
    const count = Math.min(length, chunk.length);
    chunk.copy(target, offset, 0, count);
    if (count < chunk.length) this.leftover = chunk.subarray(count);
    return count;
  }

  private async nextChunk(): Promise<Buffer | undefined> {
    if (this.leftover !== undefined) {
      const chunk = this.leftover;
      this.leftover = undefined;
      return chunk;
    }
    this.chunks ??= (this.source.stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    for (;;) {
      const next = await this.chunks.next();
      if (next.done === true) return undefined;
      const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
      if (chunk.length > 0) return chunk;
    }
  }
}
