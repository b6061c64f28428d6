import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ClaimedName } from '../../activities/delivery/collections';
import type { DeliveryMetadataReport, FailedFile } from '../../domain/delivery';

export type DeliveryStage = 'preflight' | 'naming' | 'collections' | 'files' | 'notifying' | 'waiting_for_support' | 'retrying' | 'done' | 'failed';

/** Result of the `progress` query: counts for the whole package and the first failed files. */
export interface DeliveryProgress {
  stage: DeliveryStage;
  deliveredName: string | null;
  filesTotal: number;
  filesDelivered: number;
  filesFailed: number;
  bytesTotal: number;
  bytesDelivered: number;
  failedFiles: FailedFile[];
  /** The package metadata outcome so far, or null when metadata sync is off or preflight has not ended. */
  metadata: DeliveryMetadataReport | null;
}

export const progressQuery = defineQuery<DeliveryProgress>('progress');

/** Runs the failed files again and returns how many were queued. Rejected when no file has failed. */
export const retryFailedFilesUpdate = defineUpdate<{ requeued: number }>('retryFailedFiles');

/** Ends a delivery that waits with failed files, as completed with failures. */
export const finishUpdate = defineUpdate<{ finished: true }>('finish');

export interface ClaimNameRequest {
  integrationId: string;
  packageId: string;
  baseName: string;
  parentSegments: string[];
}

/** Asks an integration's name allocator for a package's name under its parent collection. */
export const claimNameUpdate = defineUpdate<ClaimedName, [ClaimNameRequest]>('claimName');

/**
 * The workflow id of an integration's name allocator. It names the task
 * queue too, because the allocator runs on the queue of the delivery that
 * started it, and a worker must poll that queue for the allocator to respond.
 */
export function allocatorWorkflowId(integrationId: string, taskQueue: string): string {
  return `name-allocator/${taskQueue}/${integrationId}`;
}
