import { proxyActivities } from '@temporalio/workflow';
import type { TransferActivities } from '../../../src/transfer';
import type { TransferInput, TransferResult } from '../../../src/transfer';

// Short heartbeat timeout and retry interval, so a killed attempt is retried within seconds in tests.
const { transferFile } = proxyActivities<TransferActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '3 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 1, maximumAttempts: 4 },
});

/** Runs one file transfer, so a test can drive the activity through a real worker. */
export async function transferFileWorkflow(input: TransferInput): Promise<TransferResult> {
  return transferFile(input);
}
