import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A token bucket that spaces requests to at most `ratePerSecond`, with bursts
 * of up to one second's worth. Iconik limits each App ID to about 50 requests
 * per second, so the client keeps under that by default.
 */
export class Throttle {
  private tokens: number;
  private updatedAt: number;
  private pausedUntil = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly ratePerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(ratePerSecond > 0)) throw new Error(`throttle rate must be a positive number, got ${ratePerSecond}`);
    this.tokens = ratePerSecond;
    this.updatedAt = now();
  }

  /** Resolves when the caller may send one request. Callers are served in arrival order. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.take());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Stops every request until `ms` from now, for example when Iconik reports no remaining quota. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  private async take(): Promise<void> {
    for (;;) {
      const now = this.now();
      if (now < this.pausedUntil) {
        await sleep(this.pausedUntil - now);
        continue;
      }
      this.tokens = Math.min(this.ratePerSecond, this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSecond);
      this.updatedAt = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000));
    }
  }
}

const throttles = new Map<string, Throttle>();

/** Returns the process-wide throttle of one App ID, so every client of that App ID shares its budget. */
export function throttleForAppId(appId: string, ratePerSecond: number): Throttle {
  let throttle = throttles.get(appId);
  if (throttle === undefined || throttle.ratePerSecond !== ratePerSecond) {
    throttle = new Throttle(ratePerSecond);
    throttles.set(appId, throttle);
  }
  return throttle;
}
