import type { MemoryBudget } from './memory-budget';

/**
 * A fixed set of part buffers that one transfer reuses from part to part, so
 * its memory stays at `capacity` x `bufferSize` whatever the file size, and
 * the garbage collector has no per-part buffers to reclaim.
 *
 * Buffers are allocated only when a part needs one and none is free, up to
 * `capacity` and within the worker's memory budget; after that `acquire`
 * waits for a `release`, or for room in the budget. A buffer goes back only
 * once its part upload has finished, so a retried request still has the
 * part's bytes. `close` returns the pool's bytes to the budget.
 */
export class PartBufferPool {
  private readonly free: Buffer[] = [];
  private readonly waiting: ((buffer: Buffer) => void)[] = [];
  private allocatedCount = 0;

  constructor(
    readonly bufferSize: number,
    readonly capacity: number,
    private readonly budget?: MemoryBudget,
  ) {
    if (!Number.isSafeInteger(bufferSize) || bufferSize < 0) throw new RangeError(`part buffer size ${bufferSize} is invalid: expected a whole number of bytes, 0 or more`);
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`part buffer count ${capacity} is invalid: expected a whole number, 1 or more`);
  }

  /** Buffers allocated so far; never more than `capacity`. */
  get allocated(): number {
    return this.allocatedCount;
  }

  /** Returns a free buffer, allocates one while under capacity and budget, or waits for a release. */
  async acquire(): Promise<Buffer> {
    for (;;) {
      const buffer = this.free.pop();
      if (buffer !== undefined) return buffer;
      const canGrow = this.allocatedCount < this.capacity;
      if (canGrow && (this.budget?.tryReserve(this.bufferSize) ?? true)) {
        this.allocatedCount++;
        // Unzeroed, because the part reader overwrites every byte it hands on.
        return Buffer.allocUnsafe(this.bufferSize);
      }

      let handOver: (buffer: Buffer) => void = () => undefined;
      const released = new Promise<Buffer>((resolve) => (handOver = resolve));
      this.waiting.push(handOver);
      if (!canGrow || this.budget === undefined) return released;
      const first = await Promise.race([released, this.budget.nextRelease().then(() => undefined)]);
      if (first !== undefined) return first;
      // Room in the budget came first. A buffer handed over meanwhile is used, else try again.
      const index = this.waiting.indexOf(handOver);
      if (index === -1) return released;
      this.waiting.splice(index, 1);
    }
  }

  /** Returns the pool's bytes to the memory budget once the transfer no longer uses its buffers. */
  close(): void {
    this.budget?.release(this.allocatedCount * this.bufferSize);
    this.free.length = 0;
  }

  /** Hands a buffer to the oldest waiting `acquire`, or keeps it for the next one. */
  release(buffer: Buffer): void {
    const next = this.waiting.shift();
    if (next !== undefined) next(buffer);
    else this.free.push(buffer);
  }
}
