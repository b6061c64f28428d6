import { createHash } from 'node:crypto';
import type { Logger } from '../logging/logger';
import type { MemoryBudget } from './memory-budget';
import { PartBufferPool } from './part-buffer-pool';
import { PartReader } from './part-reader';
import { partRange } from './part-plan';
import type { ResumableUploadSession } from './sessions';
import type { SourceRead } from './sources';

export interface SendPartsOptions {
  session: ResumableUploadSession;
  source: SourceRead;
  /** Names the source in errors, without any credential. */
  describeSource: string;
  partsInFlight: number;
  /** Aborted when the activity is cancelled; the run also aborts its own requests when one part fails. */
  abort: AbortController;
  logger: Logger;
  /** Makes the transfer's part buffer pool; tests pass one that they can inspect. */
  createBufferPool?: (bufferSize: number, capacity: number) => PartBufferPool;
  /** The worker's limit on part buffer bytes, shared by its transfers; none when unset. */
  memoryBudget?: MemoryBudget;
  /** Called after each part is committed or found committed, with the bytes committed so far. */
  onPart(committedBytes: number): void;
}

export interface SentParts {
  md5: string;
  /** Parts sent in this run. */
  sent: number;
  /** Parts that an earlier attempt had committed, read only to hash them. */
  skipped: number;
}

/**
 * Reads the source once from its first byte, hashes every byte in order,
 * and sends each part that is not committed yet, with up to `partsInFlight`
 * parts in flight. The parts live in a pool of partsInFlight + 1 buffers of
 * one part size each, reused from part to part: the parts in flight and the
 * one being read. Committed parts are read and hashed but never sent again,
 * because Node cannot serialize an MD5 state, so a resumed run rebuilds the
 * hash from the bytes.
 */
export async function sendParts(options: SendPartsOptions): Promise<SentParts> {
  const { session, source, partsInFlight, abort, logger } = options;
  const { plan } = session;
  const hash = createHash('md5');
  const reader = new PartReader(source, hash, options.describeSource);
  const bufferSize = Math.min(plan.partSize, plan.size);
  const buffers = options.createBufferPool?.(bufferSize, partsInFlight + 1) ?? new PartBufferPool(bufferSize, partsInFlight + 1, options.memoryBudget);
  const inFlight = new Set<Promise<void>>();
  let failure: Error | undefined;
  let committedBytes = 0;
  let sent = 0;
  let skipped = 0;

  const fail = (error: unknown) => {
    failure ??= error instanceof Error ? error : new Error('a part upload failed', { cause: error });
    abort.abort(error);
  };

  try {
    for (let partNumber = 1; partNumber <= plan.partCount && failure === undefined; partNumber++) {
      const { start, end } = partRange(plan, partNumber);
      const buffer = await buffers.acquire();
      try {
        await reader.read(buffer, end - start);
      } catch (error) {
        buffers.release(buffer);
        throw error;
      }
      if (session.isCommitted(partNumber)) {
        buffers.release(buffer);
        skipped++;
        committedBytes += end - start;
        options.onPart(committedBytes);
        continue;
      }

      while (inFlight.size >= partsInFlight && failure === undefined) await Promise.race(inFlight);
      if (failure !== undefined) {
        buffers.release(buffer);
        break;
      }
      const bytes = buffer.subarray(0, end - start);
      const upload = session.uploadPart(partNumber, bytes).then(
        () => {
          sent++;
          committedBytes += bytes.length;
          logger.debug({ part: partNumber, bytes: bytes.length }, 'part committed');
          options.onPart(committedBytes);
        },
        (error: unknown) => {
          logger.warn({ part: partNumber, bytes: bytes.length, err: error }, 'part upload failed');
          fail(error);
        },
      );
      // The buffer goes back only after the upload settled, so every retry of the part has its bytes.
      const tracked = upload.finally(() => {
        buffers.release(buffer);
        inFlight.delete(tracked);
      });
      inFlight.add(tracked);
    }
    if (failure === undefined) await reader.expectEnd();
  } catch (error) {
    fail(error);
  } finally {
    await Promise.allSettled(inFlight);
    buffers.close();
    // A source read through readInto leaves its stream unread, and destroying the stream releases the source.
    source.stream.destroy();
  }
  if (failure !== undefined) throw failure;
  return { md5: hash.digest('hex'), sent, skipped };
}
