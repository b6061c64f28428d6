import { countOf, escapeHtml, formatBytes, isWebUrl, outcomeHeadline, truncate } from '../../src/notifications/format';
import { mergeRecipients } from '../../src/notifications/recipients';

describe('notification formatting', () => {
  test.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [999, '999 bytes'],
    [1000, '1 kB'],
    [1536, '1.5 kB'],
    [999_949, '999.9 kB'],
    [999_950, '1 MB'],
    [1_536_000_000, '1.5 GB'],
    [52_000_000_000, '52 GB'],
    [3_200_000_000_000, '3.2 TB'],
    [7_000_000_000_000_000, '7 PB'],
  ])('formatBytes(%i) is %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });

  test('countOf picks the noun', () => {
    expect(countOf(1, 'file')).toBe('1 file');
    expect(countOf(0, 'file')).toBe('0 files');
    expect(countOf(12_345, 'file')).toBe('12,345 files');
  });

  test('outcome headlines', () => {
    expect(outcomeHeadline({ outcome: 'completed', failedCount: 0 })).toBe('Delivery completed');
    expect(outcomeHeadline({ outcome: 'completed_with_failures', failedCount: 1 })).toBe('Delivery completed with 1 failed file');
    expect(outcomeHeadline({ outcome: 'completed_with_failures', failedCount: 2_000 })).toBe('Delivery completed with 2,000 failed files');
    expect(outcomeHeadline({ outcome: 'failed', failedCount: 3 })).toBe('Delivery failed');
  });

  test('escapeHtml replaces five characters', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
  });

  test('truncate marks the cut', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdefg', 6)).toBe('abcde…');
  });

  test('isWebUrl accepts http and https only', () => {
    expect(isWebUrl('https://portal.example/d/1')).toBe(true);
    expect(isWebUrl('http://127.0.0.1:8080/d')).toBe(true);
    expect(isWebUrl('javascript:alert(1)')).toBe(false);
    expect(isWebUrl('mailto:a@example.com')).toBe(false);
    expect(isWebUrl('not a url')).toBe(false);
  });

  test('mergeRecipients dedupes and drops invalid', () => {
    expect(mergeRecipients([' a@example.com', 'B@example.com'], ['b@example.com', 'bad@', 'c@example.com'])).toEqual({
      to: ['a@example.com', 'B@example.com', 'c@example.com'],
      invalid: ['bad@'],
    });
  });
});
