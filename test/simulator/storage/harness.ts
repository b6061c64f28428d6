import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logging/logger';
import { createStorageBackends, storageBackendsOptionsFromConfig } from '../../../src/simulator/storage';
import type { CloudStorageMethod, ObjectLocation, StorageBackends } from '../../../src/simulator/storage/types';

/** The storage backends against the local stack, with their routes served by a Fastify server on a free loopback port. */
export interface StorageHarness {
  backends: StorageBackends;
  app: FastifyInstance;
  /** Origin of the Fastify server, for example http://127.0.0.1:40123. */
  url: string;
  b2Dir: string;
  close(): Promise<void>;
}

export async function startStorageHarness(): Promise<StorageHarness> {
  const config = loadConfig();
  const b2Dir = await mkdtemp(join(tmpdir(), 'b2-simulator-'));
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent', name: 'storage-test' });
  let url = '';
  const options = storageBackendsOptionsFromConfig(config, () => url, logger);
  const backends = createStorageBackends({ ...options, b2: { dir: b2Dir } });

  const app = Fastify();
  await app.register(backends.routes);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the test server has no TCP address');
  url = `http://127.0.0.1:${address.port}`;

  return {
    backends,
    app,
    url,
    b2Dir,
    async close() {
      await app.close();
      await backends.close();
      await rm(b2Dir, { recursive: true, force: true });
    },
  };
}

/** Returns a bucket name that is valid on every method (S3, Azure, GCS and B2 rules) and unique to one test run. */
export function uniqueBucket(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function sha1(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}

export async function sha256OfStream(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    size += buffer.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** Lists every key and size under a prefix, in the backend's order. */
export async function listAll(backends: StorageBackends, method: CloudStorageMethod, bucket: string, prefix: string): Promise<{ key: string; size: number }[]> {
  const objects: { key: string; size: number }[] = [];
  for await (const object of backends.byMethod[method].listObjects(bucket, prefix)) objects.push(object);
  return objects;
}

/** Reads an object back and returns its SHA-256 and size. */
export async function readBack(backends: StorageBackends, location: ObjectLocation): Promise<{ sha256: string; size: number }> {
  return sha256OfStream(await backends.byMethod[location.method].readObject(location));
}

export const MiB = 1024 * 1024;
