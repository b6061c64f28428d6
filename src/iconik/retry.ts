/** How often and how long the client retries a 429, 502, 503, 504 or a connection error. */
export interface RetryPolicy {
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 6, initialDelayMs: 250, maxDelayMs: 20_000 };

export const retryableStatuses = new Set([429, 502, 503, 504]);

/**
 * Returns the wait before retry number `attempt` (1 for the first retry):
 * exponential backoff with full jitter, or the server's Retry-After when it
 * sent one, capped at the policy's maximum either way.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfterMs: number | undefined, random = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}

/** Parses a Retry-After header given in seconds or as an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
