import type { TokenCipher } from '../integrations/crypto/token-cipher';

/**
 * A resume token as it is heartbeated: encrypted, because a GCS session URI
 * and a B2 upload URL with its token are credentials, and heartbeat details
 * are stored in the workflow's history, which operators can read.
 */
export interface SealedToken {
  sealed: string;
}

/** Encrypts a resume token, bound to one Iconik file so it cannot be replayed for another. */
export function sealToken(cipher: TokenCipher, token: unknown, fileId: string): SealedToken {
  return { sealed: cipher.encrypt(JSON.stringify(token), `resume-token:${fileId}`) };
}

/** Decrypts a heartbeated token; returns undefined for anything that is not a sealed token of this file. */
export function openToken(cipher: TokenCipher, details: unknown, fileId: string): unknown {
  if (typeof details !== 'object' || details === null || typeof (details as Partial<SealedToken>).sealed !== 'string') return undefined;
  try {
    return JSON.parse(cipher.decrypt((details as SealedToken).sealed, `resume-token:${fileId}`)) as unknown;
  } catch {
    return undefined;
  }
}
