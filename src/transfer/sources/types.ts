import type { Readable } from 'node:stream';

/** Bytes [start, end) of a source; `end` undefined reads to the end of the source. */
export interface ByteRange {
  start: number;
  end?: number;
}

/** An open read of a source: the stream of the requested range and the size of the whole source in bytes. */
export interface SourceRead {
  stream: Readable;
  size: number;
  /**
   * Reads up to `length` bytes of the range, from where the previous call
   * ended, into `target` at `offset`, and returns how many it read (0 at the
   * end of the range). Sources that can fill a caller's buffer without a
   * buffer per chunk offer it. A reader that uses it leaves `stream` unread
   * and destroys it when done, which releases the source.
   */
  readInto?(target: Buffer, offset: number, length: number): Promise<number>;
}

/** Reads package files of one URL scheme as streams, never loading a whole file. */
export interface SourceReader {
  /** URL protocols this reader opens, for example `file:`. */
  readonly protocols: readonly string[];
  /** Opens a read of `range`; the signal aborts the read, and the stream errors when it does. */
  open(url: URL, range: ByteRange, signal?: AbortSignal): Promise<SourceRead>;
}

/** Returns the number of bytes a range covers in a source of `size` bytes. */
export function rangeLength(range: ByteRange, size: number): number {
  return Math.max(0, Math.min(range.end ?? size, size) - range.start);
}
