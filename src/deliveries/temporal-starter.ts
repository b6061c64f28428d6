import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { deliveryWorkflowId, type DeliveryRef, type DeliveryStarter } from '../domain/delivery';
import type { Logger } from '../logging/logger';
import type { DeliveryOptions } from '../workflows/delivery/delivery-workflow';

/**
 * Starts one delivery workflow per integration and package. The workflow id
 * comes from the pair, and a start for an id that runs attaches to it
 * (conflict policy USE_EXISTING), so a repeated webhook starts nothing new.
 * A completed delivery is returned as it is, unless the caller asks for a
 * re-run; then its steps find what the first run made and reuse it. A failed
 * or terminated delivery may always start again.
 */
export function createTemporalDeliveryStarter(deps: { client: Client; taskQueue: string; options: DeliveryOptions; logger: Logger }): DeliveryStarter {
  return {
    async start(ref: DeliveryRef, startOptions: { rerun?: boolean } = {}) {
      const workflowId = deliveryWorkflowId(ref);
      let handle;
      try {
        handle = await deps.client.workflow.start('deliveryWorkflow', {
        workflowId,
        taskQueue: deps.taskQueue,
        args: [{ integrationId: ref.integrationId, packageId: ref.packageId, options: deps.options }],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: startOptions.rerun ? WorkflowIdReusePolicy.ALLOW_DUPLICATE : WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
          staticSummary: `Delivery of package ${ref.packageId}`,
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        const { runId } = await deps.client.workflow.getHandle(workflowId).describe();
        deps.logger.info({ deliveryId: workflowId, ...ref, runId }, 'delivery already completed, not started again');
        return { deliveryId: workflowId, runId };
      }
      deps.logger.info({ deliveryId: workflowId, ...ref, runId: handle.firstExecutionRunId }, 'delivery started or attached');
      return { deliveryId: workflowId, runId: handle.firstExecutionRunId };
    },
  };
}
