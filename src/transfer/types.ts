import type { TokenCipher } from '../integrations/crypto/token-cipher';
import type { Dispatcher } from 'undici';
import type { IconikClient } from '../iconik/client';
import type { RetryPolicy } from '../iconik/retry';
import type { IntegrationRepository } from '../integrations/repository';
import type { Logger } from '../logging/logger';
import type { MemoryBudget } from './memory-budget';
import type { PartBufferPool } from './part-buffer-pool';
import type { SourceOpener } from './sources';

/** One file to move; small and free of secrets, because Temporal stores it in the workflow history. */
export interface TransferInput {
  deliveryId: string;
  packageId: string;
  integrationId: string;
  /** Path of the file inside the package. */
  path: string;
  /** Source URL: `file:///abs/path`, `s3://bucket/key` or `https://...`. */
  source: string;
  /** Size in bytes that the package declares; a source of another size fails the transfer. */
  size: number;
  assetId: string;
  fileId: string;
  /** The Iconik TRANSFER job whose progress the transfer updates. */
  jobId: string;
}

export interface TransferResult {
  bytes: number;
  /** Hex MD5 of the whole file, for the file record's checksum. */
  md5: string;
  parts: number;
  /** Parts that an earlier attempt had committed and that this attempt did not send again. */
  resumedParts: number;
}

export interface TransferDependencies {
  logger: Logger;
  integrations: Pick<IntegrationRepository, 'get' | 'getCredentials'>;
  createIconikClient(credentials: { baseUrl: string; appId: string; token: string; signal?: AbortSignal }): IconikClient;
  sources: SourceOpener;
  /** Encrypts the heartbeated resume tokens; the integrations' key ring serves. */
  tokenCipher: TokenCipher;
  /** `b2SingleUploadMaxBytes`: largest B2 file sent in one request, 100 MiB when unset. */
  transfer: { partsInFlight: number; minPartSizeBytes: number; b2SingleUploadMaxBytes?: number };
  /** Dispatcher and retry policy of the storage requests; the defaults suit production. */
  storage?: { dispatcher?: Dispatcher; retry?: RetryPolicy };
  /** The limit on part buffer bytes that the worker's transfers share; unset, each transfer is bounded alone. */
  memoryBudget?: MemoryBudget;
  /** Makes each transfer's pool of part buffers; unset, a plain PartBufferPool. Tests pass one that records the pools. */
  createPartBufferPool?: (bufferSize: number, capacity: number) => PartBufferPool;
  /** Minimum gap between two job progress updates; 2 seconds unless a test sets it. */
  progressIntervalMs?: number;
}
