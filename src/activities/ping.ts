import { activityInfo } from '@temporalio/activity';
import type { Logger } from '../logging/logger';

export interface PingDependencies {
  logger: Logger;
  workerIdentity: string;
}

/** Builds the ping activity, which echoes its message with the identity of the worker that ran it. */
export function createPingActivities({ logger, workerIdentity }: PingDependencies) {
  return {
    // Temporal activities are async functions even when they do not await.
    // eslint-disable-next-line @typescript-eslint/require-await
    async ping(input: { message: string }): Promise<{ reply: string; workerIdentity: string }> {
      const { workflowExecution, attempt } = activityInfo();
      logger.info({ workflowId: workflowExecution?.workflowId, attempt }, 'ping activity ran');
      return { reply: `pong: ${input.message}`, workerIdentity };
    },
  };
}

export type PingActivities = ReturnType<typeof createPingActivities>;
