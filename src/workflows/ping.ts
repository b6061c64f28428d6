import { proxyActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { PingActivities } from '../activities/ping';
import { DeliveryStage } from './search-attributes';

const { ping } = proxyActivities<PingActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3 },
});

export interface PingResult {
  workflowId: string;
  reply: string;
  workerIdentity: string;
}

/**
 * Checks that a worker polls the task queue and runs activities, and that the
 * server knows the project's search attributes. The demo and the smoke test
 * run it; it touches nothing outside the worker.
 */
export async function pingWorkflow(message: string): Promise<PingResult> {
  upsertSearchAttributes([{ key: DeliveryStage, value: 'ping' }]);
  const { reply, workerIdentity } = await ping({ message });
  return { workflowId: workflowInfo().workflowId, reply, workerIdentity };
}
