import { badRequest } from './errors';

/** B2 limits a file name to 1024 bytes of UTF-8 and each `/`-separated segment to 250 bytes. */
const maxNameBytes = 1024;
const maxSegmentBytes = 250;

/**
 * Decodes an `X-Bz-File-Name` header as B2 does: the name is percent-encoded
 * UTF-8, and a `+` stands for a space (a literal plus arrives as `%2B`).
 */
export function decodeB2FileName(header: string): string {
  try {
    return decodeURIComponent(header.replace(/\+/g, ' '));
  } catch {
    throw badRequest(`X-Bz-File-Name "${header}" is not valid percent-encoded UTF-8: encode the name with encodeURIComponent.`);
  }
}

/** Checks a file name against B2's naming rules and throws a 400 bad_request B2Error naming the broken rule. */
export function checkB2FileName(name: string): void {
  if (name.length === 0) throw badRequest('File name is empty: send the object key in X-Bz-File-Name.');
  if (Buffer.byteLength(name, 'utf8') > maxNameBytes) throw badRequest(`File name is longer than ${maxNameBytes} bytes of UTF-8.`);
  // Control characters (codes below 32) and DEL are not allowed in B2 file names.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw badRequest(`File name "${name}" contains a control character, which B2 does not allow.`);
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) {
    throw badRequest(`File name "${name}" starts or ends with "/" or contains "//", which B2 does not allow.`);
  }
  for (const segment of name.split('/')) {
    if (Buffer.byteLength(segment, 'utf8') > maxSegmentBytes) throw badRequest(`File name segment "${segment}" is longer than ${maxSegmentBytes} bytes of UTF-8.`);
  }
}

/** B2 bucket names are 6 to 50 letters, digits and hyphens. */
export function checkB2BucketName(bucket: string): void {
  if (!/^[A-Za-z0-9-]{6,50}$/.test(bucket)) {
    throw new Error(`B2 bucket name "${bucket}" is invalid: use 6 to 50 letters, digits and hyphens.`);
  }
}
