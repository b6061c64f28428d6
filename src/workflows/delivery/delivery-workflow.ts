import { nonRetryableIconikErrors } from './retry-policy';
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  executeChild,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Duration, RetryPolicy } from '@temporalio/common';
import type { FileActivities } from '../../activities/delivery/files';
import type { MetadataActivities } from '../../activities/delivery/metadata';
import type { NamingActivities } from '../../activities/delivery/naming';
import type { CollectionActivities } from '../../activities/delivery/collections';
import type { DeliveryPlan, PreflightActivities } from '../../activities/delivery/preflight';
import type { DeliverySummary, FailedFile } from '../../domain/delivery';
import { splitPath } from '../../domain/layout';
import type { PackageFile } from '../../domain/package';
import type { NotificationActivities } from '../../notifications';
import { DeliveryStage as DeliveryStageKey, FilesFailed, FilesTotal, IntegrationId, PackageId, Portal, DeliveryId } from '../search-attributes';
import { deliverFileWorkflow, describe, type FileOutcome } from './file-workflow';
import { finishUpdate, progressQuery, retryFailedFilesUpdate, type DeliveryProgress, type DeliveryStage } from './messages';
import { fnv1a64 } from './hash';
import { failedFilesKept, metadataReport, summarize } from './summary';

export interface DeliveryOptions {
  /** Files read and started per page; each page ends with a chance to continue as new. */
  pageSize: number;
  /** Files delivered at the same time. */
  window: number;
  transferTaskQueue: string;
  /** How long a delivery with failed files waits for support staff, for example '7 days'. */
  supportWindow: Duration;
  /** Continue as new once a run's history passes this many events. */
  historyLimit: number;
  /** Base URL of the Temporal UI, for the link in status messages. */
  uiBaseUrl: string | null;
}

/** State carried from one run to the next when the delivery continues as new. */
export interface CarriedState {
  plan: DeliveryPlan;
  deliveredName: string;
  packageCollectionId: string;
  afterPath: string | undefined;
  folderIds: Record<string, string>;
  filesDelivered: number;
  bytesDelivered: number;
  failed: FailedFile[];
  retryRound: number;
  /** Distinct reasons Iconik gave for rejecting the package metadata, at most `metadataErrorsKept`. */
  metadataErrors: string[];
}

export interface DeliveryInput {
  integrationId: string;
  packageId: string;
  options: DeliveryOptions;
  carried?: CarriedState;
}

const controlRetry: RetryPolicy = { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 10, nonRetryableErrorTypes: nonRetryableIconikErrors };

const { preflight } = proxyActivities<PreflightActivities>({ startToCloseTimeout: '2 minutes', retry: controlRetry });
const { claimPackageName } = proxyActivities<NamingActivities>({ startToCloseTimeout: '5 minutes', retry: controlRetry });
const { ensureFolderCollections } = proxyActivities<CollectionActivities>({ startToCloseTimeout: '5 minutes', retry: controlRetry });
const { listPackageFiles } = proxyActivities<FileActivities>({ startToCloseTimeout: '1 minute', retry: controlRetry });
const { writeCollectionMetadata } = proxyActivities<MetadataActivities>({ startToCloseTimeout: '1 minute', retry: controlRetry });
const notifications = proxyActivities<NotificationActivities>({ startToCloseTimeout: '1 minute', retry: controlRetry });

const metadataErrorsKept = 20;

/**
 * Delivers one package through one integration: checks the credentials and
 * the storage, claims a collision-safe name, creates the collections, and
 * delivers every file through a child workflow, a bounded number at a time.
 * Files that fail are reported and parked; support staff retry them with the
 * `retryFailedFiles` update or end the delivery with `finish`.
 */
export async function deliveryWorkflow(input: DeliveryInput): Promise<DeliverySummary> {
  const { integrationId, packageId, options } = input;
  const deliveryId = workflowInfo().workflowId;
  let stage: DeliveryStage = input.carried === undefined ? 'preflight' : 'files';
  let state = input.carried;
  let retryRequested = false;
  let finishRequested = false;

  setHandler(progressQuery, (): DeliveryProgress => ({
    stage,
    deliveredName: state?.deliveredName ?? null,
    filesTotal: state?.plan.package.fileCount ?? 0,
    filesDelivered: state?.filesDelivered ?? 0,
    filesFailed: state?.failed.length ?? 0,
    bytesTotal: state?.plan.package.totalBytes ?? 0,
    bytesDelivered: state?.bytesDelivered ?? 0,
    failedFiles: (state?.failed ?? []).slice(0, failedFilesKept),
    metadata: state === undefined ? null : metadataReport(state),
  }));
  setHandler(retryFailedFilesUpdate, () => {
    retryRequested = true;
    return { requeued: state?.failed.length ?? 0 };
  }, {
    validator: () => {
      if (stage !== 'waiting_for_support' || (state?.failed.length ?? 0) === 0) {
        throw new Error(`there are no failed files to retry: the delivery is ${stage}`);
      }
    },
  });
  setHandler(finishUpdate, () => {
    finishRequested = true;
    return { finished: true as const };
  }, {
    validator: () => {
      if (stage !== 'waiting_for_support') throw new Error(`only a delivery waiting for support can be finished: this one is ${stage}`);
    },
  });

  const setStage = (next: DeliveryStage) => {
    stage = next;
    upsertSearchAttributes([{ key: DeliveryStageKey, value: next }]);
    // The Temporal UI shows these details on the workflow's page.
    setCurrentDetails(
      [
        `**Stage:** ${next}`,
        state === undefined ? '' : `**Destination:** /${[...state.plan.parentSegments, state.deliveredName].join('/')}`,
        state === undefined ? '' : `| Files | Delivered | Failed |\n| --- | --- | --- |\n| ${state.plan.package.fileCount} | ${state.filesDelivered} | ${state.failed.length} |`,
      ]
        .filter((line) => line !== '')
        .join('\n\n'),
    );
  };

  if (state === undefined) {
    upsertSearchAttributes([
      { key: DeliveryId, value: deliveryId },
      { key: PackageId, value: packageId },
      { key: IntegrationId, value: integrationId },
      { key: DeliveryStageKey, value: 'preflight' },
    ]);
    let plan: DeliveryPlan;
    try {
      plan = await preflight({ deliveryId, integrationId, packageId });
    } catch (error) {
      setStage('failed');
      throw ApplicationFailure.nonRetryable(`The delivery stopped before it started: ${describe(error)}`, 'DeliveryPreflightFailed');
    }
    upsertSearchAttributes([
      { key: FilesTotal, value: plan.package.fileCount },
      ...(plan.package.portal === null ? [] : [{ key: Portal, value: plan.package.portal.name }]),
    ]);
    await notifications.sendArrivalEmail({ deliveryId, integrationId, package: plan.package });

    setStage('naming');
    const claimed = await claimPackageName({ integrationId, packageId, baseName: plan.package.name, parentSegments: plan.parentSegments });
    state = {
      plan,
      deliveredName: claimed.name,
      packageCollectionId: claimed.packageCollectionId,
      afterPath: undefined,
      folderIds: {},
      filesDelivered: 0,
      bytesDelivered: 0,
      failed: [],
      retryRound: 0,
      metadataErrors: [],
    };
    if (plan.metadata !== null) {
      const { problem } = await writeCollectionMetadata({ deliveryId, integrationId, collectionId: claimed.packageCollectionId, write: plan.metadata });
      if (problem !== null) state.metadataErrors.push(problem);
    }
  }

  const current = state;
  // A "/" inside a package or portal name would add a directory level in storage.
  const directoryOf = (path: string) =>
    [...current.plan.parentSegments, current.deliveredName].map((segment) => segment.replaceAll('/', '_')).concat(splitPath(path).folders).join('/');

  /** Delivers a batch of files, `options.window` at a time, and records each outcome. */
  async function deliverFiles(files: PackageFile[], round: number): Promise<void> {
    const folders = [...new Set(files.map((file) => splitPath(file.path).folders.join('/')).filter((folder) => folder !== ''))];
    const missing = folders.filter((folder) => current.folderIds[folder] === undefined);
    if (missing.length > 0) {
      setStage('collections');
      current.folderIds = await ensureFolderCollections({
        integrationId,
        packageId,
        packageCollectionId: current.packageCollectionId,
        known: current.folderIds,
        folders: missing,
      });
    }
    setStage(round === 0 ? 'files' : 'retrying');

    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const file = files[next++]!;
        const folder = splitPath(file.path).folders.join('/');
        const outcome: FileOutcome = await executeChild(deliverFileWorkflow, {
          workflowId: `${deliveryId}/file/${fnv1a64(file.path)}/${round}`,
          args: [
            {
              deliveryId,
              integrationId,
              packageId,
              path: file.path,
              size: file.size,
              source: file.source,
              folderCollectionId: folder === '' ? current.packageCollectionId : current.folderIds[folder]!,
              directoryPath: directoryOf(file.path),
              storageId: current.plan.storage.id,
              storageMethod: current.plan.storage.method,
              userId: current.plan.userId,
              description: current.plan.description,
              metadata: current.plan.metadata,
              transferTaskQueue: options.transferTaskQueue,
            },
          ],
        });
        if (outcome.status === 'delivered') {
          current.filesDelivered++;
          current.bytesDelivered += outcome.bytes;
        } else {
          current.failed.push({ path: file.path, reason: outcome.reason });
        }
        const metadataError = outcome.metadataError;
        if (metadataError !== undefined && !current.metadataErrors.includes(metadataError) && current.metadataErrors.length < metadataErrorsKept) {
          current.metadataErrors.push(metadataError);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.window, files.length) }, worker));
    upsertSearchAttributes([{ key: FilesFailed, value: current.failed.length }]);
  }

  // Files are read in path order, a page at a time, so the folder collections
  // a page needs are the folders of its files.
  if (current.retryRound === 0) {
    for (;;) {
      const page = await listPackageFiles({ packageId, afterPath: current.afterPath, limit: options.pageSize });
      if (page.length === 0) break;
      await deliverFiles(page, 0);
      current.afterPath = page.at(-1)!.path;
      if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > options.historyLimit) {
        await condition(allHandlersFinished);
        await continueAsNew<typeof deliveryWorkflow>({ ...input, carried: current });
      }
    }
  }

  for (;;) {
    const summary = summarize(current, deliveryId, options.uiBaseUrl);
    setStage('notifying');
    await Promise.all([
      notifications.sendStatusEmail({ deliveryId, integrationId, recipients: current.plan.recipients, summary }),
      notifications.postSlackStatus({ deliveryId, integrationId, recipients: current.plan.recipients, summary }),
    ]);
    if (current.failed.length === 0) {
      setStage('done');
      await condition(allHandlersFinished);
      return summary;
    }

    setStage('waiting_for_support');
    retryRequested = false;
    const decided = await condition(() => retryRequested || finishRequested, options.supportWindow);
    if (!decided || finishRequested || !retryRequested) {
      setStage('done');
      await condition(allHandlersFinished);
      return summary;
    }

    const retrying = current.failed;
    current.failed = [];
    current.retryRound++;
    const files = await listPackageFiles({ packageId, paths: retrying.map((file) => file.path), limit: retrying.length });
    await deliverFiles(files, current.retryRound);
  }
}
