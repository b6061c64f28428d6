import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { TokenDecryptionError } from '../errors';
import type { EncryptionKey } from './key-ring';

const algorithm = 'aes-256-gcm';
const ivLength = 12;
const tagLength = 16;
const formatVersion = 'v1';

/**
 * Encrypts and decrypts application tokens with AES-256-GCM. A stored value
 * reads `v1:<keyId>:<iv>:<ciphertext>:<tag>` (base64 parts). The integration
 * id is the additional authenticated data, so a value copied into another
 * row fails authentication instead of decrypting.
 */
export interface TokenCipher {
  /** Id of the key that `encrypt` uses: the first of the ring. */
  readonly currentKeyId: string;
  encrypt(token: string, integrationId: string): string;
  /** Throws TokenDecryptionError when the key is unknown or the value fails authentication. */
  decrypt(stored: string, integrationId: string): string;
  /** Returns the key id recorded in a stored value, or undefined when the value is malformed. */
  keyIdOf(stored: string): string | undefined;
}

export function createTokenCipher(keys: EncryptionKey[]): TokenCipher {
  const current = keys[0];
  if (current === undefined) throw new Error('the token cipher needs at least one key: set INTEGRATIONS_ENCRYPTION_KEYS');
  const byId = new Map(keys.map((key) => [key.id, key]));

  return {
    currentKeyId: current.id,

    encrypt(token, integrationId) {
      const iv = randomBytes(ivLength);
      const cipher = createCipheriv(algorithm, current.bytes(), iv, { authTagLength: tagLength });
      cipher.setAAD(Buffer.from(integrationId, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [formatVersion, current.id, iv.toString('base64'), ciphertext.toString('base64'), tag.toString('base64')].join(':');
    },

    decrypt(stored, integrationId) {
      const parts = parseStored(stored);
      if (parts === undefined) {
        throw new TokenDecryptionError(integrationId, undefined, `the stored value is not in the ${formatVersion}:<keyId>:<iv>:<ciphertext>:<tag> format.`);
      }
      const key = byId.get(parts.keyId);
      if (key === undefined) {
        throw new TokenDecryptionError(
          integrationId,
          parts.keyId,
          `it was encrypted with key "${parts.keyId}", which INTEGRATIONS_ENCRYPTION_KEYS does not list: ` +
            'add that key back (after the current one) and run "npm run integrations:rotate-key".',
        );
      }
      try {
        const decipher = createDecipheriv(algorithm, key.bytes(), parts.iv, { authTagLength: tagLength });
        decipher.setAAD(Buffer.from(integrationId, 'utf8'));
        decipher.setAuthTag(parts.tag);
        return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new TokenDecryptionError(
          integrationId,
          parts.keyId,
          `authentication with key "${parts.keyId}" failed: the stored value was altered, copied from another integration, ` +
            'or encrypted under a different key with the same id. Set the token again with an update.',
        );
      }
    },

    keyIdOf(stored) {
      return parseStored(stored)?.keyId;
    },
  };
}

interface StoredParts {
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

function parseStored(stored: string): StoredParts | undefined {
  const [version, keyId, iv, ciphertext, tag, ...rest] = stored.split(':');
  if (version !== formatVersion || keyId === undefined || iv === undefined || ciphertext === undefined || tag === undefined || rest.length > 0) {
    return undefined;
  }
  const parts = { keyId, iv: Buffer.from(iv, 'base64'), ciphertext: Buffer.from(ciphertext, 'base64'), tag: Buffer.from(tag, 'base64') };
  if (parts.iv.length !== ivLength || parts.tag.length !== tagLength) return undefined;
  return parts;
}
