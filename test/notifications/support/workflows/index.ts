import { proxyActivities } from '@temporalio/workflow';
import type { NotificationActivities, SlackResult, StatusNotificationInput } from '../../../../src/notifications';

// A short backoff, so only Slack's Retry-After can make the retry wait seconds.
const { postSlackStatus } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '100 milliseconds', backoffCoefficient: 1, maximumAttempts: 3 },
});

/** Posts a delivery's Slack status through a real Temporal activity, so its retries follow Temporal's rules. */
export async function postSlackStatusWorkflow(input: StatusNotificationInput): Promise<SlackResult> {
  return postSlackStatus(input);
}
