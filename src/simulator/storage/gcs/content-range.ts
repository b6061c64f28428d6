/** A resumable-upload PUT: either a status query for the committed offset, or a chunk of bytes. */
export type ResumableRequest =
  | { kind: 'query'; total: number | undefined }
  | { kind: 'chunk'; start: number; length: number; total: number | undefined };

// Parses GCS's Content-Range forms: "bytes */TOTAL" and "bytes */*" ask for
// the committed offset, and "bytes FIRST-LAST/TOTAL" or "bytes FIRST-LAST/*"
// carry a chunk. A PUT without the header carries the whole object in one
// request, as GCS allows. Returns undefined for anything else. (A line
// comment, because the header's "*/" would end a block comment.)
export function parseResumableRequest(contentRange: string | undefined, contentLength: number | undefined): ResumableRequest | undefined {
  if (contentRange === undefined) {
    if (contentLength === undefined) return undefined;
    return { kind: 'chunk', start: 0, length: contentLength, total: contentLength };
  }
  const match = /^bytes (?:\*|(\d+)-(\d+))\/(\*|\d+)$/.exec(contentRange.trim());
  if (match === null) return undefined;
  const [, first, last, totalText] = match;
  const total = totalText === '*' || totalText === undefined ? undefined : Number(totalText);
  if (first === undefined || last === undefined) return { kind: 'query', total };
  const start = Number(first);
  const end = Number(last);
  if (end < start || (total !== undefined && end >= total)) return undefined;
  return { kind: 'chunk', start, length: end - start + 1, total };
}

/** Formats the `Range` header GCS returns with a 308, or undefined when nothing is committed yet. */
export function committedRangeHeader(committed: number): string | undefined {
  return committed > 0 ? `bytes=0-${committed - 1}` : undefined;
}

/** Reads the committed byte count from a `Range: bytes=0-LAST` header; no header means nothing is committed. */
export function committedFromRangeHeader(range: string | undefined): number | undefined {
  if (range === undefined) return 0;
  const match = /^bytes=0-(\d+)$/.exec(range.trim());
  return match?.[1] === undefined ? undefined : Number(match[1]) + 1;
}
