/**
 * Bytes of part buffers that all transfers of one worker may hold together.
 * A reservation that would pass the limit waits until another transfer
 * returns its buffers. When nothing is reserved, one reservation passes even
 * if it is larger than the limit, so a file whose parts exceed the limit
 * still moves, one buffer at a time.
 */
export class MemoryBudget {
  private reservedBytes = 0;
  private waiters: (() => void)[] = [];

  constructor(readonly limitBytes: number) {
    if (!Number.isSafeInteger(limitBytes) || limitBytes < 1) throw new RangeError(`memory budget ${limitBytes} is invalid: expected a whole number of bytes, 1 or more`);
  }

  /** Bytes reserved now. */
  get reserved(): number {
    return this.reservedBytes;
  }

  /** Reserves `bytes` and returns true when they fit, or returns false without waiting. */
  tryReserve(bytes: number): boolean {
    if (this.reservedBytes > 0 && this.reservedBytes + bytes > this.limitBytes) return false;
    this.reservedBytes += bytes;
    return true;
  }

  /** Returns `bytes` to the budget and wakes every transfer waiting for room. */
  release(bytes: number): void {
    this.reservedBytes = Math.max(0, this.reservedBytes - bytes);
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }

  /** Resolves at the next `release`. */
  nextRelease(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
