import { WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { deliveryWorkflowId, type DeliveryRef, type DeliveryStarter } from '../domain/delivery';
import type { Logger } from '../logging/logger';
import type { DeliveryOptions } from '../workflows/delivery/delivery-workflow';

/**
 * Starts one delivery workflow per integration and package. The workflow id
 * comes from the pair, and a start for an id that runs attaches to it
 * (conflict policy USE_EXISTING), so a repeated webhook starts nothing new.
 * A finished delivery may run again: its steps find what the first run made.
 */
export function createTemporalDeliveryStarter(deps: { client: Client; taskQueue: string; options: DeliveryOptions; logger: Logger }): DeliveryStarter {
  return {
    async start(ref: DeliveryRef) {
      const workflowId = deliveryWorkflowId(ref);
      const handle = await deps.client.workflow.start('deliveryWorkflow', {
        workflowId,
        taskQueue: deps.taskQueue,
        args: [{ integrationId: ref.integrationId, packageId: ref.packageId, options: deps.options }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        staticSummary: `Delivery of package ${ref.packageId}`,
      });
      deps.logger.info({ deliveryId: workflowId, ...ref, runId: handle.firstExecutionRunId }, 'delivery started or attached');
      return { deliveryId: workflowId, runId: handle.firstExecutionRunId };
    },
  };
}
