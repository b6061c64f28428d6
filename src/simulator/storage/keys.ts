/**
 * Percent-encodes an object key for a URL path, segment by segment, so that
 * every character except the `/` separators (including `%`, `+`, `#` and `?`)
 * reaches the server as written and decodes back to the exact key.
 */
export function encodeKeyPath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

/** Joins a base URL (which may end with `/`) and a path that starts with `/`. */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}
