import { createHash } from 'node:crypto';
import { inspect } from 'node:util';

/** AES-256 takes a 32-byte key. */
export const keyLength = 32;

const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;
// Standard base64 of exactly 32 bytes, as `openssl rand -base64 32` prints it.
const base64KeyPattern = /^[A-Za-z0-9+/]{43}=$/;

export const keyRingFormat =
  'comma-separated keyId:base64Key entries, newest first, for example "k2:<base64>,k1:<base64>", ' +
  'where keyId is 1 to 32 letters, digits, "-" or "_" and each key is 32 random bytes in base64 (openssl rand -base64 32)';

/**
 * One named AES-256 key. The key bytes live in a private field, so
 * serializing or inspecting the object shows only its id.
 */
export class EncryptionKey {
  readonly #bytes: Buffer;

  constructor(
    readonly id: string,
    bytes: Buffer,
  ) {
    if (!keyIdPattern.test(id)) throw new Error(`invalid key id "${id}": use 1 to 32 letters, digits, "-" or "_"`);
    if (bytes.length !== keyLength) throw new Error(`key ${id} has ${bytes.length} bytes: AES-256 needs ${keyLength}`);
    this.#bytes = Buffer.from(bytes);
  }

  /** Returns the raw key bytes, for node:crypto only. */
  bytes(): Buffer {
    return this.#bytes;
  }

  equals(other: EncryptionKey): boolean {
    return this.#bytes.equals(other.#bytes);
  }

  toJSON(): { id: string } {
    return { id: this.id };
  }

  [inspect.custom](): string {
    return `EncryptionKey(${this.id})`;
  }
}

/**
 * Parses a key ring such as "k2:<base64>,k1:<base64>". The first key encrypts
 * and every key decrypts. Throws an Error whose message names the bad entry
 * by position, never its key material.
 */
export function parseKeyRing(text: string): EncryptionKey[] {
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.every((entry) => entry === '')) throw new Error(`no key given: expected ${keyRingFormat}`);

  const keys: EncryptionKey[] = [];
  entries.forEach((entry, index) => {
    const position = `entry ${index + 1}`;
    const separator = entry.indexOf(':');
    if (separator === -1) throw new Error(`${position} has no ":" between key id and key: expected ${keyRingFormat}`);

    const id = entry.slice(0, separator);
    const encoded = entry.slice(separator + 1);
    if (!keyIdPattern.test(id)) throw new Error(`${position} has an invalid key id "${id}": expected ${keyRingFormat}`);
    if (!base64KeyPattern.test(encoded)) {
      throw new Error(`${position} (key ${id}) is not 32 bytes in standard base64: expected ${keyRingFormat}`);
    }
    if (keys.some((key) => key.id === id)) throw new Error(`${position} repeats key id "${id}": give each key its own id`);
    keys.push(new EncryptionKey(id, Buffer.from(encoded, 'base64')));
  });
  return keys;
}

/**
 * Returns the key ring used when INTEGRATIONS_ENCRYPTION_KEYS is unset outside
 * production. Its key is derived from a published phrase, so it protects
 * nothing: it only lets local development and tests run without set-up.
 */
export function developmentKeyRing(): EncryptionKey[] {
  const bytes = createHash('sha256').update('iconik-delivery development key, public and never for production').digest();
  return [new EncryptionKey(developmentKeyId, bytes)];
}

export const developmentKeyId = 'dev-insecure';
