// The sources a file's bytes can be read from. http:// is accepted only on
// loopback hosts, where the tests and the demo serve files.
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

// S3 bucket names: 3 to 63 lowercase letters, digits, dots and hyphens,
// starting and ending with a letter or digit.
const s3Source = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/s;

export const sourceForms = 'file:///absolute/path, s3://bucket/key, https://host/path, or http:// on 127.0.0.1, localhost or [::1]';

/**
 * Checks where a file's bytes are. The message never repeats the value,
 * because an https source may be a presigned URL whose query is a credential.
 */
export function sourceProblem(source: string): string | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(source)?.[1]?.toLowerCase();
  if (scheme === 's3') {
    return s3Source.test(source)
      ? undefined
      : 'must be s3://bucket/key, with a bucket name of 3 to 63 lowercase letters, digits, "." or "-" and a non-empty key';
  }
  if (scheme !== 'file' && scheme !== 'https' && scheme !== 'http') return `must be one of ${sourceForms}`;

  const url = URL.canParse(source) ? new URL(source) : undefined;
  if (url === undefined) return `must be a valid ${scheme} URL`;
  if (scheme === 'file') {
    if (url.host !== '') return 'must be a file URL without a host: file:///absolute/path';
    if (url.pathname === '/' || url.pathname.endsWith('/')) return 'must name a file, not a folder: file:///absolute/path';
    return undefined;
  }
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password: use a presigned URL instead';
  if (scheme === 'http' && !loopbackHosts.has(url.hostname)) {
    return 'must use https:// (http:// is accepted only on 127.0.0.1, localhost and [::1], for tests and the demo)';
  }
  return undefined;
}
