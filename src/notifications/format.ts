import type { DeliverySummary } from '../domain/delivery';

const byteUnits = ['kB', 'MB', 'GB', 'TB', 'PB'];

/** Formats a byte count in decimal units with at most one decimal, for example `1.5 GB` or `512 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  let value = bytes;
  let unit = '';
  for (const next of byteUnits) {
    value /= 1000;
    unit = next;
    if (value < 999.95) break;
  }
  return `${trimDecimal(value.toFixed(1))} ${unit}`;
}

/** Formats a count with thousands separators, for example `1,234,567`. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** Returns `1 file`, `2 files`: the count with the singular or plural noun. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : plural}`;
}

/** Returns the outcome as a short phrase: `Delivery completed`, `Delivery completed with 3 failed files` or `Delivery failed`. */
export function outcomeHeadline(summary: Pick<DeliverySummary, 'outcome' | 'failedCount'>): string {
  switch (summary.outcome) {
    case 'completed':
      return 'Delivery completed';
    case 'completed_with_failures':
      return `Delivery completed with ${countOf(summary.failedCount, 'failed file')}`;
    case 'failed':
      return 'Delivery failed';
  }
}

/** Replaces the five characters that HTML gives a meaning, so the value shows as text in element content and in quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Shortens text to at most `maxLength` characters, ending it with `…` when it was cut. */
export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  return `${text.slice(0, maxLength - 1)}…`;
}

/** Returns the value on one line, so a name an uploader typed cannot add lines to a header or a list. */
export function singleLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ');
}

/** Returns whether the URL may be a link target in a message: http and https only, so a `javascript:` URL stays plain text. */
export function isWebUrl(url: string): boolean {
  try {
    const protocol = new URL(url).protocol;
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

function trimDecimal(text: string): string {
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}
