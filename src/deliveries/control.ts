import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { DeliveryProgress } from '../workflows/delivery/messages';
import { finishUpdate, progressQuery, retryFailedFilesUpdate } from '../workflows/delivery/messages';

/** The state of a delivery as support staff see it: Temporal's status plus the workflow's own progress. */
export interface DeliveryStatus {
  deliveryId: string;
  /** Temporal's execution status: RUNNING, COMPLETED, FAILED, CONTINUED_AS_NEW, TERMINATED, ... */
  status: string;
  progress: DeliveryProgress | null;
  /** The delivery's result when it completed, or its failure message when it failed. */
  result: unknown;
  failure: string | null;
}

export class DeliveryNotFoundError extends Error {
  constructor(readonly deliveryId: string) {
    super(`delivery ${deliveryId} not found: check the id in the webhook answer or the Temporal UI`);
    this.name = 'DeliveryNotFoundError';
  }
}

/** The delivery rejected a request, for example a retry when no file failed; the message says why. */
export class DeliveryRequestRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryRequestRejectedError';
  }
}

/** Reads and steers deliveries through Temporal: status, retry of failed files, finish. */
export function createDeliveryControl(client: Client) {
  async function guard<T>(deliveryId: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new DeliveryNotFoundError(deliveryId);
      if (error instanceof WorkflowUpdateFailedError) throw new DeliveryRequestRejectedError(error.cause?.message ?? error.message);
      throw error;
    }
  }

  async function requireRunning(deliveryId: string, action: string): Promise<void> {
    const { status } = await client.workflow.getHandle(deliveryId).describe();
    if (status.name !== 'RUNNING') {
      throw new DeliveryRequestRejectedError(
        `delivery ${deliveryId} is ${status.name}, so there is nothing to ${action}: to deliver its package again, use POST /packages/<package id>/send-to-cloud with the integration, which runs a completed delivery again`,
      );
    }
  }

  return {
    status(deliveryId: string): Promise<DeliveryStatus> {
      return guard(deliveryId, async () => {
        const handle = client.workflow.getHandle(deliveryId);
        const description = await handle.describe();
        const status = description.status.name;
        const progress = status === 'RUNNING' ? await handle.query(progressQuery) : null;
        let result: unknown = null;
        let failure: string | null = null;
        if (status === 'COMPLETED') result = await handle.result();
        if (status === 'FAILED') failure = await handle.result().then(() => null, (error: unknown) => describeFailure(error));
        return { deliveryId, status, progress, result, failure };
      });
    },

    retryFailedFiles(deliveryId: string): Promise<{ requeued: number }> {
      return guard(deliveryId, async () => {
        await requireRunning(deliveryId, 'retry');
        return client.workflow.getHandle(deliveryId).executeUpdate(retryFailedFilesUpdate);
      });
    },

    finish(deliveryId: string): Promise<{ finished: true }> {
      return guard(deliveryId, async () => {
        await requireRunning(deliveryId, 'finish');
        return client.workflow.getHandle(deliveryId).executeUpdate(finishUpdate);
      });
    },
  };
}

export type DeliveryControl = ReturnType<typeof createDeliveryControl>;

function describeFailure(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
