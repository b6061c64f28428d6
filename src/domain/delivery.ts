import type { Portal } from './package';

/** Identifies one delivery: one package through one integration. */
export interface DeliveryRef {
  integrationId: string;
  packageId: string;
}

/** Returns the Temporal workflow id of a delivery, so a repeated webhook maps to the same id. */
export function deliveryWorkflowId({ integrationId, packageId }: DeliveryRef): string {
  return `delivery/${integrationId}/${packageId}`;
}

export type DeliveryOutcome = 'completed' | 'completed_with_failures' | 'failed';

/** A file that failed after its retries, with the reason in plain words. */
export interface FailedFile {
  path: string;
  reason: string;
}

/** Outcome of the package's form metadata, for deliveries through an integration with metadata sync on. */
export interface DeliveryMetadataReport {
  /** The Iconik view the values were written through, or null when none were written. */
  viewId: string | null;
  /** Iconik fields written on each asset and on the package collection. */
  fieldsWritten: string[];
  /** Form fields that no mapping names, as `Name: value` lines, when the mapping lists them in the status. */
  unmappedFields: string[];
  /** Each problem in plain words with the form field, the Iconik field and the fix. */
  problems: string[];
}

/** Facts about a finished delivery that the status email and the Slack message report. */
export interface DeliverySummary {
  deliveryId: string;
  packageId: string;
  packageName: string;
  /** The name the package got in Iconik and in storage, for example `My Upload (2)`. */
  deliveredName: string;
  portal: Portal | null;
  /** Destination, for example `/Portal Downloads/Acme portal/My Upload (2)`. */
  destinationPath: string;
  outcome: DeliveryOutcome;
  /** Reason the whole delivery failed, or null when it did not. */
  failureReason: string | null;
  filesTotal: number;
  filesDelivered: number;
  bytesDelivered: number;
  /** The failed files, at most the first 100; `failedCount` has the total. */
  failedFiles: FailedFile[];
  failedCount: number;
  /** Link to the delivery's workflow in the Temporal UI, for operators. */
  workflowUrl: string | null;
  /** The metadata outcome; absent when the integration's metadata sync is off. */
  metadata?: DeliveryMetadataReport;
}

/** Starts deliveries; the webhook handler calls it once per matching integration. */
export interface DeliveryStarter {
  /**
   * Starts the delivery, or attaches to the one already running for the same
   * integration and package; `runId` is the run the call started or found.
   * A completed delivery runs again only with `rerun` (a person asked for
   * it); a repeated webhook gets the completed delivery back instead.
   */
  start(ref: DeliveryRef, options?: { rerun?: boolean }): Promise<{ deliveryId: string; runId: string }>;
}
