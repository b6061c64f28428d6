import { WithStartWorkflowOperation } from '@temporalio/client';
import { fnv1a64 } from '../../workflows/delivery/hash';
import { allocatorWorkflowId, claimNameUpdate, type ClaimNameRequest } from '../../workflows/delivery/messages';
import type { ClaimedName } from './collections';
import type { DeliveryActivityDependencies } from './deps';

export function createNamingActivities(deps: DeliveryActivityDependencies) {
  return {
    /**
     * Claims the package's name from its integration's allocator workflow,
     * starting the allocator when none runs. The update id is fixed per
     * package and parent, so a retried activity gets the first answer.
     */
    async claimPackageName(request: ClaimNameRequest): Promise<ClaimedName> {
      const startWorkflowOperation = new WithStartWorkflowOperation('nameAllocatorWorkflow', {
        workflowId: allocatorWorkflowId(request.integrationId, deps.taskQueue),
        taskQueue: deps.taskQueue,
        args: [{ claims: [] }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      const claimed = await deps.temporal.workflow.executeUpdateWithStart(claimNameUpdate, {
        args: [request],
        startWorkflowOperation,
        updateId: `claim/${request.packageId}/${fnv1a64(request.parentSegments.join('/'))}`,
      });
      deps.logger.info({ integrationId: request.integrationId, packageId: request.packageId, name: claimed.name, reused: claimed.reused }, 'package name claimed');
      return claimed;
    },
  };
}

export type NamingActivities = ReturnType<typeof createNamingActivities>;
