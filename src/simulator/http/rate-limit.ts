/** The outcome of taking one request from a bucket. */
export interface RateDecision {
  allowed: boolean;
  /** Whole requests left in the bucket after this one. */
  remaining: number;
  /** Seconds until one request is available again, when rejected. */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  take(key: string): RateDecision;
  reset(): void;
}

/**
 * Creates a token bucket per key (the App-ID): each bucket holds up to
 * `burst` requests and refills at `perSecond`.
 */
export function createRateLimiter(options: { perSecond: number; burst: number; now?: () => number }): RateLimiter {
  const now = options.now ?? (() => performance.now());
  const buckets = new Map<string, { tokens: number; updatedAt: number }>();
  return {
    take(key) {
      const at = now();
      const bucket = buckets.get(key) ?? { tokens: options.burst, updatedAt: at };
      bucket.tokens = Math.min(options.burst, bucket.tokens + ((at - bucket.updatedAt) / 1000) * options.perSecond);
      bucket.updatedAt = at;
      buckets.set(key, bucket);
      if (bucket.tokens < 1) {
        return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / options.perSecond)) };
      }
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
    },
    reset() {
      buckets.clear();
    },
  };
}
