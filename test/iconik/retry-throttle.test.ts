import { parseRetryAfter, retryDelayMs } from '../../src/iconik/retry';
import { Throttle } from '../../src/iconik/throttle';
import { iconikMessage } from '../../src/iconik/transport';

describe('retryDelayMs', () => {
  const policy = { maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 1_000 };

  it('grows exponentially under full jitter', () => {
    expect(retryDelayMs(policy, 1, undefined, () => 1)).toBe(100);
    expect(retryDelayMs(policy, 2, undefined, () => 1)).toBe(200);
    expect(retryDelayMs(policy, 3, undefined, () => 0.5)).toBe(200);
    expect(retryDelayMs(policy, 10, undefined, () => 1)).toBe(1_000);
    expect(retryDelayMs(policy, 3, undefined, () => 0)).toBe(0);
  });

  it('follows Retry-After up to the maximum', () => {
    expect(retryDelayMs(policy, 1, 700, () => 0)).toBe(700);
    expect(retryDelayMs(policy, 1, 5_000, () => 0)).toBe(1_000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2_000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter('Fri, 04 Dec 2026 20:00:10 GMT', Date.parse('Fri, 04 Dec 2026 20:00:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('Throttle', () => {
  it('spaces requests beyond the burst to the rate', async () => {
    const throttle = new Throttle(20);
    const started = Date.now();
    for (let i = 0; i < 30; i++) await throttle.acquire();
    const elapsed = Date.now() - started;
    // 20 requests pass at once, the other 10 at 20 per second.
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(1_500);
  });

  it('holds every request during a pause', async () => {
    const throttle = new Throttle(1_000);
    throttle.pause(300);
    const started = Date.now();
    await throttle.acquire();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('rejects a rate that is not positive', () => {
    expect(() => new Throttle(0)).toThrow('throttle rate must be a positive number, got 0');
  });
});

describe('iconikMessage', () => {
  it('reads both error envelope forms', () => {
    expect(iconikMessage('{"errors":["Token is invalid"]}')).toBe('Token is invalid');
    expect(iconikMessage('{"errors":{"title":["Missing data for required field."]}}')).toBe('title: Missing data for required field.');
    expect(iconikMessage('<html>bad gateway</html>')).toBe('<html>bad gateway</html>');
    expect(iconikMessage('')).toBeUndefined();
  });
});
