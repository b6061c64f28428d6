import { nonRetryableIconikErrors } from './retry-policy';
import { ActivityFailure, ApplicationFailure, proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { FileActivities, RegisterFileInput } from '../../activities/delivery/files';
import type { TransferActivities } from '../../transfer/activity';

export interface DeliverFileInput extends RegisterFileInput {
  source: string;
  /** The task queue of the workers that move bytes, sized apart from the control work. */
  transferTaskQueue: string;
}

/** How one file ended; `metadataError` is the reason Iconik rejected the package metadata on its asset, when it did. */
export type FileOutcome = ({ status: 'delivered'; bytes: number; md5: string } | { status: 'failed'; reason: string }) & { metadataError?: string };

const controlRetry: ActivityOptions['retry'] = { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 8, nonRetryableErrorTypes: nonRetryableIconikErrors };

const { registerFile, completeFile, failFile } = proxyActivities<FileActivities>({
  startToCloseTimeout: '5 minutes',
  retry: controlRetry,
});

/**
 * Delivers one file: registers it in Iconik, streams its bytes through the
 * upload target, closes it and asks for keyframes. A file that still fails
 * after its retries is reported as a value, so the package goes on without it.
 */
export async function deliverFileWorkflow(input: DeliverFileInput): Promise<FileOutcome> {
  const { transferFile } = proxyActivities<TransferActivities>({
    taskQueue: input.transferTaskQueue,
    // One attempt may move a very large file; the heartbeat timeout notices a dead worker.
    startToCloseTimeout: '24 hours',
    heartbeatTimeout: '2 minutes',
    retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 6 },
  });

  let registered;
  try {
    registered = await registerFile(input);
  } catch (error) {
    return { status: 'failed', reason: `registering the file in Iconik failed: ${describe(error)}` };
  }

  try {
    const transferred = await transferFile({
      deliveryId: input.deliveryId,
      packageId: input.packageId,
      integrationId: input.integrationId,
      path: input.path,
      source: input.source,
      size: input.size,
      assetId: registered.assetId,
      fileId: registered.fileId,
      jobId: registered.jobId,
    });
    await completeFile({ deliveryId: input.deliveryId, integrationId: input.integrationId, path: input.path, file: registered, size: transferred.bytes, md5: transferred.md5 });
    return { status: 'delivered', bytes: transferred.bytes, md5: transferred.md5, ...metadataErrorOf(registered.metadataError) };
  } catch (error) {
    const reason = describe(error);
    try {
      await failFile({ deliveryId: input.deliveryId, integrationId: input.integrationId, path: input.path, file: registered, reason });
    } catch (failError) {
      return { status: 'failed', reason: `${reason} (and marking its Iconik job failed failed too: ${describe(failError)})`, ...metadataErrorOf(registered.metadataError) };
    }
    return { status: 'failed', reason, ...metadataErrorOf(registered.metadataError) };
  }
}

function metadataErrorOf(error: string | null): { metadataError?: string } {
  return error === null ? {} : { metadataError: error };
}

/** Returns the innermost message of a failure, which names the cause in plain words. */
export function describe(error: unknown): string {
  let current: unknown = error;
  while (current instanceof ActivityFailure && current.cause !== undefined) current = current.cause;
  if (current instanceof ApplicationFailure || current instanceof Error) return current.message;
  return String(current);
}
