// Support staff's command line for deliveries:
//   npm run deliveries -- status <delivery id>
//   npm run deliveries -- retry <delivery id>
//   npm run deliveries -- finish <delivery id>
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config';
import { createDeliveryControl } from '../deliveries/control';

const usage = 'usage: npm run deliveries -- status|retry|finish <delivery id>';

async function main(): Promise<void> {
  const [command, given] = process.argv.slice(2);
  // Accept the id as the webhook response prints it, or URL-encoded as in an API path.
  const deliveryId = given?.includes('%') ? decodeURIComponent(given) : given;
  if (deliveryId === undefined || !['status', 'retry', 'finish'].includes(command ?? '')) throw new Error(usage);
  const config = loadConfig();
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const control = createDeliveryControl(new Client({ connection, namespace: config.temporal.namespace }));
    let result: unknown;
    if (command === 'status') result = await control.status(deliveryId);
    else if (command === 'retry') result = await control.retryFailedFiles(deliveryId);
    else result = await control.finish(deliveryId);
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
