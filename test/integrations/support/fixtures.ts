import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { EncryptionKey } from '../../../src/integrations/crypto/key-ring';
import type { NewIntegration } from '../../../src/integrations/types';

export const appId = '6f1e3c2a-8b7d-4c6e-9a1b-2d3e4f5a6b7c';
export const storageId = '0b9d8c7e-6f5a-4b3c-8d2e-1f0a9b8c7d6e';

/** Returns a token unlike any other value, so a search for it in raw bytes cannot match by chance. */
export function uniqueToken(): string {
  return `tok_${randomBytes(24).toString('base64url')}`;
}

export function newIntegration(overrides: Partial<NewIntegration> = {}): NewIntegration {
  return {
    name: 'Acme post-production',
    iconikBaseUrl: 'https://eu.iconik.io/',
    appId,
    token: uniqueToken(),
    storageId,
    targetDirectory: '/deliveries/2026/',
    syncMetadata: true,
    portalIds: ['portal-b', 'portal-a'],
    sendToCloud: false,
    notifications: { slackChannel: '#deliveries', emails: ['ops@example.com'] },
    descriptionField: 'Description',
    ...overrides,
  };
}

export function randomKey(id: string): EncryptionKey {
  return new EncryptionKey(id, randomBytes(32));
}

/** A clock that stays fixed until a test moves it. */
export class TestClock {
  current = new Date('2026-03-01T09:00:00.000Z');

  readonly now = (): Date => this.current;

  advance(milliseconds: number): void {
    this.current = new Date(this.current.getTime() + milliseconds);
  }
}

/** Creates a pino logger that keeps every line in memory without redaction, so a test reads exactly what the store passed it. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, sink), lines };
}

/** Returns the encodings in which a token could appear in stored bytes. */
export function encodedForms(token: string): { form: string; bytes: Buffer }[] {
  const utf8 = Buffer.from(token, 'utf8');
  return [
    { form: 'text', bytes: utf8 },
    { form: 'base64', bytes: Buffer.from(utf8.toString('base64')) },
    { form: 'base64url', bytes: Buffer.from(utf8.toString('base64url')) },
    { form: 'hex', bytes: Buffer.from(utf8.toString('hex')) },
    { form: 'HEX', bytes: Buffer.from(utf8.toString('hex').toUpperCase()) },
    { form: 'utf16le', bytes: Buffer.from(token, 'utf16le') },
  ];
}
