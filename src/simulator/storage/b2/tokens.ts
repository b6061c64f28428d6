import { randomBytes } from 'node:crypto';
import { B2Error } from './errors';

/** Grant of one upload authorization token: uploading files to a bucket, or parts of one large file. */
export type B2TokenGrant = { kind: 'upload_file'; bucket: string } | { kind: 'upload_part'; fileId: string };

/**
 * B2 upload tokens are valid for 24 hours. Expired tokens are kept for
 * a day more so that they are still recognised and rejected with
 * `expired_auth_token` rather than `bad_auth_token`.
 */
const tokenLifetimeMs = 24 * 3600 * 1000;

export interface B2Tokens {
  issue(grant: B2TokenGrant, options?: { expired?: boolean }): string;
  /** Returns the grant of a valid token, or throws the 401 B2Error that B2 returns. */
  check(token: string | undefined): B2TokenGrant;
  /** Makes a token expire now, so B2 rejects it with `expired_auth_token`. */
  expire(token: string): void;
  revokeFile(fileId: string): void;
}

export function createB2Tokens(): B2Tokens {
  const tokens = new Map<string, { grant: B2TokenGrant; expiresAt: number }>();

  const prune = (now: number): void => {
    for (const [token, entry] of tokens) {
      if (entry.expiresAt + tokenLifetimeMs < now) tokens.delete(token);
    }
  };

  return {
    issue(grant, options) {
      const now = Date.now();
      prune(now);
      const token = `4_${randomBytes(24).toString('base64url')}`;
      tokens.set(token, { grant, expiresAt: options?.expired === true ? now - 1000 : now + tokenLifetimeMs });
      return token;
    },

    check(token) {
      const entry = token === undefined ? undefined : tokens.get(token);
      if (entry === undefined) throw new B2Error(401, 'bad_auth_token', 'Invalid authorization token: fetch a new upload URL and token.');
      if (entry.expiresAt < Date.now()) throw new B2Error(401, 'expired_auth_token', 'Authorization token has expired');
      return entry.grant;
    },

    expire(token) {
      const entry = tokens.get(token);
      if (entry !== undefined) entry.expiresAt = Date.now() - 1000;
    },

    revokeFile(fileId) {
      for (const [token, entry] of tokens) {
        if (entry.grant.kind === 'upload_part' && entry.grant.fileId === fileId) tokens.delete(token);
      }
    },
  };
}
