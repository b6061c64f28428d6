/**
 * The committed part ETags of a multipart upload in a compact, JSON-safe
 * form. The contiguous committed prefix (parts 1..n) is stored as base64 of
 * the 16-byte values when every ETag there is a quoted 32-digit hex digest
 * (MD5-style, which S3 and MinIO return for unencrypted parts), else as a
 * list of strings. Committed parts above the prefix (at most the parts in
 * flight minus one) are kept by number. At 10,000 parts the base64 prefix is
 * about 213 KB, under Temporal's 256 KB payload warning and its 2 MB limit.
 * The list fallback is about 350 KB at 10,000 parts, still under 2 MB.
 */
export interface PackedEtags {
  /** Base64 of the 16-byte prefix ETags, or the prefix ETags themselves. */
  prefix: string | string[];
  /** Committed parts above the prefix, by part number. */
  above: Record<string, string>;
}

const hexEtag = /^"([0-9a-f]{32})"$/;

/** Packs ETags indexed by part number minus one; a missing entry is a part not yet committed. */
export function packEtags(etags: readonly (string | undefined)[]): PackedEtags {
  let prefixLength = 0;
  while (prefixLength < etags.length && etags[prefixLength] !== undefined) prefixLength++;
  const prefixEtags = etags.slice(0, prefixLength) as string[];
  const above: Record<string, string> = {};
  etags.forEach((etag, index) => {
    if (index > prefixLength && etag !== undefined) above[String(index + 1)] = etag;
  });
  const allHex = prefixEtags.every((etag) => hexEtag.test(etag));
  const prefix = allHex ? Buffer.from(prefixEtags.map((etag) => etag.slice(1, -1)).join(''), 'hex').toString('base64') : prefixEtags;
  return { prefix, above };
}

/** Unpacks ETags into an array indexed by part number minus one, with undefined for parts not committed. */
export function unpackEtags(packed: PackedEtags, partCount: number): (string | undefined)[] {
  const etags: (string | undefined)[] = new Array<string | undefined>(partCount).fill(undefined);
  const prefix = typeof packed.prefix === 'string' ? hexPrefix(packed.prefix) : packed.prefix;
  prefix.forEach((etag, index) => (etags[index] = etag));
  for (const [number, etag] of Object.entries(packed.above)) etags[Number(number) - 1] = etag;
  if (etags.length > partCount) throw new RangeError(`the resume token holds ETags of ${etags.length} parts, but the file has ${partCount}`);
  return etags;
}

function hexPrefix(base64: string): string[] {
  const bytes = Buffer.from(base64, 'base64');
  const etags: string[] = [];
  for (let offset = 0; offset + 16 <= bytes.length; offset += 16) etags.push(`"${bytes.subarray(offset, offset + 16).toString('hex')}"`);
  return etags;
}
