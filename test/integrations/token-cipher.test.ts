import { inspect } from 'node:util';
import { developmentKeyId, developmentKeyRing, EncryptionKey, parseKeyRing } from '../../src/integrations/crypto/key-ring';
import { createTokenCipher } from '../../src/integrations/crypto/token-cipher';
import { TokenDecryptionError } from '../../src/integrations/errors';
import { randomKey } from './support/fixtures';

const integrationId = '0d5e7f3a-1b2c-4d3e-8f4a-5b6c7d8e9f0a';
const otherIntegrationId = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const keyA = Buffer.alloc(32, 1).toString('base64');
const keyB = Buffer.alloc(32, 2).toString('base64');

describe('parseKeyRing', () => {
  it('reads keys newest first', () => {
    const keys = parseKeyRing(`k2:${keyA}, k1:${keyB}`);

    expect(keys.map((key) => key.id)).toEqual(['k2', 'k1']);
    expect(keys[0]?.bytes()).toEqual(Buffer.alloc(32, 1));
    expect(keys[1]?.bytes()).toEqual(Buffer.alloc(32, 2));
  });

  it.each([
    ['', 'no key given'],
    ['k1', 'entry 1 has no ":" between key id and key'],
    [`bad id:${keyA}`, 'entry 1 has an invalid key id "bad id"'],
    [`k1:${keyA},k2:${Buffer.alloc(16).toString('base64')}`, 'entry 2 (key k2) is not 32 bytes in standard base64'],
    [`k1:${keyA.replace('=', '')}`, 'entry 1 (key k1) is not 32 bytes in standard base64'],
    [`k1:${keyA},k1:${keyB}`, 'entry 2 repeats key id "k1"'],
  ])('rejects %j', (text, expected) => {
    expect(() => parseKeyRing(text)).toThrow(expected);
  });

  it('never puts key material in an error', () => {
    const shortKey = Buffer.alloc(31, 7).toString('base64');

    expect(() => parseKeyRing(`k1:${shortKey}`)).toThrow(/expected comma-separated keyId:base64Key entries/);
    expect(() => parseKeyRing(`k1:${shortKey}`)).not.toThrow(shortKey);
  });

  it('hides key bytes when serialized or inspected', () => {
    const [key] = parseKeyRing(`k1:${keyA}`);

    expect(JSON.stringify(key)).toBe('{"id":"k1"}');
    expect(inspect(key)).toBe('EncryptionKey(k1)');
  });

  it('offers a named development key', () => {
    const [key] = developmentKeyRing();

    expect(key?.id).toBe(developmentKeyId);
    expect(key?.bytes()).toHaveLength(32);
    expect(key?.equals(developmentKeyRing()[0]!)).toBe(true);
  });
});

describe('createTokenCipher', () => {
  it('round-trips a token under the first key', () => {
    const cipher = createTokenCipher([randomKey('k2'), randomKey('k1')]);

    const stored = cipher.encrypt('my-token', integrationId);

    expect(stored.startsWith('v1:k2:')).toBe(true);
    expect(cipher.keyIdOf(stored)).toBe('k2');
    expect(cipher.decrypt(stored, integrationId)).toBe('my-token');
  });

  it('uses a fresh 12-byte IV for every value', () => {
    const cipher = createTokenCipher([randomKey('k1')]);

    const first = cipher.encrypt('same-token', integrationId).split(':');
    const second = cipher.encrypt('same-token', integrationId).split(':');

    expect(Buffer.from(first[2] ?? '', 'base64')).toHaveLength(12);
    expect(first[2]).not.toBe(second[2]);
    expect(first[3]).not.toBe(second[3]);
  });

  it('decrypts with an older key of the ring', () => {
    const k1 = randomKey('k1');
    const stored = createTokenCipher([k1]).encrypt('old-token', integrationId);

    expect(createTokenCipher([randomKey('k2'), k1]).decrypt(stored, integrationId)).toBe('old-token');
  });

  it('rejects a value bound to another integration', () => {
    const cipher = createTokenCipher([randomKey('k1')]);
    const stored = cipher.encrypt('my-token', integrationId);

    expect(() => cipher.decrypt(stored, otherIntegrationId)).toThrow(TokenDecryptionError);
    expect(() => cipher.decrypt(stored, otherIntegrationId)).toThrow(`integration ${otherIntegrationId} cannot be decrypted: authentication with key "k1" failed`);
  });

  it('rejects an altered ciphertext', () => {
    const cipher = createTokenCipher([randomKey('k1')]);
    const [version, keyId, iv, ciphertext, tag] = cipher.encrypt('my-token', integrationId).split(':');
    const flipped = Buffer.from(ciphertext ?? '', 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;

    expect(() => cipher.decrypt([version, keyId, iv, flipped.toString('base64'), tag].join(':'), integrationId)).toThrow('authentication with key "k1" failed');
  });

  it('names a missing key and the next step', () => {
    const stored = createTokenCipher([randomKey('gone')]).encrypt('my-token', integrationId);

    expect(() => createTokenCipher([randomKey('k1')]).decrypt(stored, integrationId)).toThrow(
      'it was encrypted with key "gone", which INTEGRATIONS_ENCRYPTION_KEYS does not list: add that key back',
    );
  });

  it('rejects a malformed stored value', () => {
    const cipher = createTokenCipher([randomKey('k1')]);

    expect(() => cipher.decrypt('plain-token', integrationId)).toThrow('the stored value is not in the v1:<keyId>:<iv>:<ciphertext>:<tag> format');
    expect(cipher.keyIdOf('plain-token')).toBeUndefined();
  });

  it('needs at least one key', () => {
    expect(() => createTokenCipher([])).toThrow('the token cipher needs at least one key');
  });

  it('rejects a key of the wrong length', () => {
    expect(() => new EncryptionKey('k1', Buffer.alloc(16))).toThrow('key k1 has 16 bytes: AES-256 needs 32');
  });
});
