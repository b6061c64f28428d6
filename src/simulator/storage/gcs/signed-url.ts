import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signs and checks the simulator's GCS upload URLs. They carry GCS V4
 * signed-URL query parameters, but the signature is an HMAC with a key
 * made per process, not an RSA signature by a service account.
 */
export interface GcsUrlSigner {
  /** Returns the signed query string for a POST on the object, valid from `signedAt` for `lifetimeSeconds`. */
  sign(bucket: string, key: string, signedAt: Date, lifetimeSeconds: number): string;
  verify(bucket: string, key: string, query: Record<string, string | undefined>, now: Date): SignedUrlCheck;
}

export type SignedUrlCheck = { valid: true } | { valid: false; reason: 'unsigned' | 'bad_signature' } | { valid: false; reason: 'expired'; expiredAt: Date };

export function createGcsUrlSigner(): GcsUrlSigner {
  const key = randomBytes(32);
  const signature = (bucket: string, object: string, date: string, expires: string): string =>
    createHmac('sha256', key).update(['POST', bucket, object, date, expires].join('\n')).digest('hex');

  return {
    sign(bucket, object, signedAt, lifetimeSeconds) {
      const date = formatGoogDate(signedAt);
      const expires = String(lifetimeSeconds);
      const query = new URLSearchParams({
        'X-Goog-Algorithm': 'GOOG4-HMAC-SHA256',
        'X-Goog-Date': date,
        'X-Goog-Expires': expires,
        'X-Goog-SignedHeaders': 'host;x-goog-resumable',
        'X-Goog-Signature': signature(bucket, object, date, expires),
      });
      return query.toString();
    },

    verify(bucket, object, query, now) {
      const date = query['X-Goog-Date'];
      const expires = query['X-Goog-Expires'];
      const given = query['X-Goog-Signature'];
      if (date === undefined || expires === undefined || given === undefined) return { valid: false, reason: 'unsigned' };
      const expected = Buffer.from(signature(bucket, object, date, expires), 'utf8');
      const received = Buffer.from(given, 'utf8');
      if (expected.length !== received.length || !timingSafeEqual(expected, received)) return { valid: false, reason: 'bad_signature' };
      const signedAt = parseGoogDate(date);
      if (Number.isNaN(signedAt.getTime())) return { valid: false, reason: 'bad_signature' };
      const expiredAt = new Date(signedAt.getTime() + Number(expires) * 1000);
      if (now.getTime() > expiredAt.getTime()) return { valid: false, reason: 'expired', expiredAt };
      return { valid: true };
    },
  };
}

/** Formats a date as GCS's `X-Goog-Date`, for example 20261204T201300Z. */
function formatGoogDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function parseGoogDate(value: string): Date {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (match === null) return new Date(Number.NaN);
  const [, year, month, day, hour, minute, second] = match;
  return new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
}
