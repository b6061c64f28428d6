/**
 * A fixed set of part buffers that one transfer reuses from part to part, so
 * its memory stays at `capacity` x `bufferSize` whatever the file size, and
 * the garbage collector has no per-part buffers to reclaim.
 *
 * Buffers are allocated only when a part needs one and none is free, up to
 * `capacity`; after that `acquire` waits for a `release`. A buffer goes back
 * only once its part upload has finished, so a retried request still has
 * the part's bytes.
 */
export class PartBufferPool {
  private readonly free: Buffer[] = [];
  private readonly waiting: ((buffer: Buffer) => void)[] = [];
  private allocatedCount = 0;

  constructor(
    readonly bufferSize: number,
    readonly capacity: number,
  ) {
    if (!Number.isSafeInteger(bufferSize) || bufferSize < 0) throw new RangeError(`part buffer size ${bufferSize} is invalid: expected a whole number of bytes, 0 or more`);
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`part buffer count ${capacity} is invalid: expected a whole number, 1 or more`);
  }

  /** Buffers allocated so far; never more than `capacity`. */
  get allocated(): number {
    return this.allocatedCount;
  }

  /** Returns a free buffer, allocates one while under capacity, or waits for a release. */
  acquire(): Promise<Buffer> {
    const buffer = this.free.pop();
    if (buffer !== undefined) return Promise.resolve(buffer);
    if (this.allocatedCount < this.capacity) {
      this.allocatedCount++;
      // Unzeroed, because the part reader overwrites every byte it hands on.
      return Promise.resolve(Buffer.allocUnsafe(this.bufferSize));
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands a buffer to the oldest waiting `acquire`, or keeps it for the next one. */
  release(buffer: Buffer): void {
    const next = this.waiting.shift();
    if (next !== undefined) next(buffer);
    else this.free.push(buffer);
  }
}
