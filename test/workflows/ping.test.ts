import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { temporal } from '@temporalio/proto';
import { pingWorkflow } from '../../src/workflows';
import { DeliveryStage } from '../../src/workflows/search-attributes';
import { startTemporalHarness, type TemporalHarness } from '../support/temporal';

const { EventType } = temporal.api.enums.v1;

describe('pingWorkflow on the Temporal dev server', () => {
  let harness: TemporalHarness;

  beforeAll(async () => {
    harness = await startTemporalHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  it('runs the ping activity through a real worker', async () => {
    const workflowId = `ping-${randomUUID()}`;
    const result = await harness.worker.runUntil(
      harness.client.workflow.execute(pingWorkflow, { taskQueue: harness.taskQueue, workflowId, args: ['hello'] }),
    );

    expect(result.workflowId).toBe(workflowId);
    expect(result.reply).toBe('pong: hello');
    expect(result.workerIdentity).toBe(`${process.pid}@${hostname()}`);

    const handle = harness.client.workflow.getHandle(workflowId);
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    const types = events.map((event) => event.eventType);

    expect(types[0]).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
    expect(types.at(-1)).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    expect(types.filter((type) => type === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).toHaveLength(1);
    expect(types.filter((type) => type === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)).toHaveLength(1);
    expect(types.filter((type) => type === EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)).toHaveLength(1);

    const scheduled = events.find((event) => event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    expect(scheduled?.activityTaskScheduledEventAttributes?.activityType?.name).toBe('ping');
    expect(scheduled?.activityTaskScheduledEventAttributes?.taskQueue?.name).toBe(harness.taskQueue);

    const description = await handle.describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.typedSearchAttributes.get(DeliveryStage)).toBe('ping');
  });
});
