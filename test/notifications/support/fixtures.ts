import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type { DeliverySummary, FailedFile } from '../../../src/domain/delivery';
import type { Package } from '../../../src/domain/package';
import { developmentKeyRing, openIntegrationStore, type IntegrationStore, type NewIntegration } from '../../../src/integrations';
import { redactedPaths } from '../../../src/logging/logger';

/** Returns an address no other test uses, so a Mailpit search finds only this test's email. */
export function uniqueAddress(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.com`;
}

export function makePackage(overrides: Partial<Package> = {}): Package {
  return {
    id: 'pkg-7f3a',
    name: 'Spring campaign rushes',
    portal: { id: 'portal-acme', name: 'Acme upload portal' },
    uploaderEmail: 'editor@studio.example',
    recipients: [],
    description: null,
    metadata: { Project: 'Spring' },
    downloadUrl: 'https://portal.example/download/pkg-7f3a',
    fileCount: 12,
    totalBytes: 1_536_000_000,
    receivedAt: '2026-03-01T09:00:00.000Z',
    ...overrides,
  };
}

export function makeSummary(overrides: Partial<DeliverySummary> = {}): DeliverySummary {
  return {
    deliveryId: 'delivery-1',
    packageId: 'pkg-7f3a',
    packageName: 'Spring campaign rushes',
    deliveredName: 'Spring campaign rushes',
    portal: { id: 'portal-acme', name: 'Acme upload portal' },
    destinationPath: '/Portal Downloads/Acme upload portal/Spring campaign rushes',
    outcome: 'completed',
    failureReason: null,
    filesTotal: 12,
    filesDelivered: 12,
    bytesDelivered: 1_536_000_000,
    failedFiles: [],
    failedCount: 0,
    workflowUrl: null,
    ...overrides,
  };
}

/** Returns `count` failed files named `Day 1/clip-001.mov` and up, each with its own reason. */
export function failedFiles(count: number): FailedFile[] {
  return Array.from({ length: count }, (_, index) => {
    const number = String(index + 1).padStart(3, '0');
    return { path: `Day 1/clip-${number}.mov`, reason: `The storage rejected part ${index + 1} after 5 attempts` };
  });
}

/**
 * Creates a logger that writes through the service's redaction settings into
 * memory, so a test reads every line the code under test logged.
 */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      done();
    },
  });
  return { logger: pino({ level: 'trace', redact: { paths: redactedPaths, censor: '[redacted]' } }, sink), lines };
}

/** Opens a real integrations store in a temporary SQLite file. */
export async function openTestIntegrationStore(): Promise<IntegrationStore & { cleanUp(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'notifications-test-'));
  const store = await openIntegrationStore(
    { database: { engine: 'sqlite', file: join(dir, 'integrations.sqlite') }, encryptionKeys: developmentKeyRing() },
    { logger: pino({ level: 'silent' }) },
  );
  return {
    ...store,
    async cleanUp() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function newIntegration(notifications: NewIntegration['notifications']): NewIntegration {
  return {
    name: 'Acme post-production',
    iconikBaseUrl: 'https://app.iconik.io',
    appId: '6f1e3c2a-8b7d-4c6e-9a1b-2d3e4f5a6b7c',
    token: 'iconik-app-token-not-used-here',
    storageId: '0b9d8c7e-6f5a-4b3c-8d2e-1f0a9b8c7d6e',
    notifications,
  };
}
