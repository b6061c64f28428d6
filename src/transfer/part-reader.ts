import type { Hash } from 'node:crypto';
import type { Readable } from 'node:stream';

/**
 * Cuts a source stream into consecutive parts and feeds every byte, in
 * order, into a hash. A part that is already committed is only hashed, so
 * the reader never copies it into a buffer.
 */
export class PartReader {
  private readonly chunks: AsyncIterator<Buffer>;
  private leftover: Buffer | undefined;
  private offset = 0;

  constructor(
    stream: Readable,
    private readonly hash: Hash,
    private readonly describeSource: string,
  ) {
    this.chunks = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  /** Reads the next `length` bytes: into a new buffer when `keep` is true, else only into the hash. */
  async read(length: number, keep: true): Promise<Buffer>;
  async read(length: number, keep: false): Promise<undefined>;
  async read(length: number, keep: boolean): Promise<Buffer | undefined> {
    const part = keep ? Buffer.allocUnsafe(length) : undefined;
    let filled = 0;
    while (filled < length) {
      const chunk = await this.nextChunk();
      if (chunk === undefined) {
        throw new Error(`${this.describeSource} ended after ${this.offset} bytes, before the declared size: check that the file is complete, then retry`);
      }
      const take = Math.min(length - filled, chunk.length);
      const used = chunk.subarray(0, take);
      if (take < chunk.length) this.leftover = chunk.subarray(take);
      this.hash.update(used);
      part?.set(used, filled);
      filled += take;
      this.offset += take;
    }
    return part;
  }

  /** Throws when the source has bytes beyond the declared size. */
  async expectEnd(): Promise<void> {
    const chunk = await this.nextChunk();
    if (chunk !== undefined) throw new Error(`${this.describeSource} has more than the declared ${this.offset} bytes: it changed while being read, so retry`);
  }

  private async nextChunk(): Promise<Buffer | undefined> {
    if (this.leftover !== undefined) {
      const chunk = this.leftover;
      this.leftover = undefined;
      return chunk;
    }
    for (;;) {
      const next = await this.chunks.next();
      if (next.done === true) return undefined;
      const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
      if (chunk.length > 0) return chunk;
    }
  }
}
