import { workflowInfo } from '@temporalio/workflow';
import type { DeliveryMetadataReport, DeliveryOutcome, DeliverySummary } from '../../domain/delivery';
import type { CarriedState } from './delivery-workflow';

/** Maximum number of failed files listed in progress query results and summaries. The count includes the rest. */
export const failedFilesKept = 100;

/** Builds the summary that status emails, Slack and the workflow result report. */
export function summarize(state: CarriedState, deliveryId: string, uiBaseUrl: string | null): DeliverySummary {
  const pkg = state.plan.package;
  const outcome: DeliveryOutcome = state.failed.length === 0 ? 'completed' : 'completed_with_failures';
  const metadata = metadataReport(state);
  return {
    deliveryId,
    packageId: pkg.id,
    packageName: pkg.name,
    deliveredName: state.deliveredName,
    portal: pkg.portal,
    destinationPath: `/${[...state.plan.parentSegments, state.deliveredName].join('/')}`,
    outcome,
    failureReason: null,
    filesTotal: pkg.fileCount,
    filesDelivered: state.filesDelivered,
    bytesDelivered: state.bytesDelivered,
    failedFiles: state.failed.slice(0, failedFilesKept),
    failedCount: state.failed.length,
    workflowUrl: uiBaseUrl === null ? null : `${uiBaseUrl}/namespaces/${workflowInfo().namespace}/workflows/${encodeURIComponent(deliveryId)}`,
    ...(metadata === null ? {} : { metadata }),
  };
}

/** Returns the plan's metadata report with the rejections Iconik gave while writing; null when metadata sync is off. */
export function metadataReport(state: CarriedState): DeliveryMetadataReport | null {
  const planned = state.plan.metadataReport;
  if (planned === null) return null;
  return { ...planned, problems: [...planned.problems, ...state.metadataErrors] };
}
