import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

/** History sizes of one delivery: every run of the delivery workflow and every file workflow it started. */
export interface HistoryCounts {
  /** Runs of the delivery workflow, counting each continue-as-new. */
  deliveryRuns: number;
  childRuns: number;
  totalEvents: number;
  /** The largest history of any one run, delivery or file workflow. */
  maxEventsPerRun: number;
  maxEventsWorkflowId: string;
}

/**
 * Reads the histories of a delivery from Temporal. It follows the chain of
 * continue-as-new from the first run, and reads the child workflows from the
 * ChildWorkflowExecutionStarted events of each run. The name allocator
 * workflow is shared by every delivery to a destination, so it is not counted.
 */
export async function readDeliveryHistory(client: Client, deliveryId: string, firstRunId: string, concurrency = 16): Promise<HistoryCounts> {
  const counts: HistoryCounts = { deliveryRuns: 0, childRuns: 0, totalEvents: 0, maxEventsPerRun: 0, maxEventsWorkflowId: '' };
  const record = (workflowId: string, events: number) => {
    counts.totalEvents += events;
    if (events > counts.maxEventsPerRun) {
      counts.maxEventsPerRun = events;
      counts.maxEventsWorkflowId = workflowId;
    }
  };

  const children: { workflowId: string; runId: string }[] = [];
  let runId: string | undefined = firstRunId;
  while (runId !== undefined) {
    const history: temporal.api.history.v1.IHistory = await client.workflow.getHandle(deliveryId, runId).fetchHistory();
    const events: temporal.api.history.v1.IHistoryEvent[] = history.events ?? [];
    counts.deliveryRuns++;
    record(`${deliveryId} (run ${runId})`, events.length);
    for (const event of events) {
      const started = event.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
      if (started?.workflowId && started.runId) children.push({ workflowId: started.workflowId, runId: started.runId });
    }
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }

  let next = 0;
  const readChildren = async () => {
    while (next < children.length) {
      const child = children[next++]!;
      const history = await client.workflow.getHandle(child.workflowId, child.runId).fetchHistory();
      counts.childRuns++;
      record(child.workflowId, history.events?.length ?? 0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, readChildren));
  return counts;
}
