// The README's first command: brings up the local stack and a worker, runs a
// workflow through them, and prints where to watch it in the Temporal UI.
//   npm run demo            keeps the worker running until Ctrl-C
//   npm run demo -- --once  exits after the workflow completes
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logging/logger';
import { createPingActivities } from '../src/activities/ping';
import { createWorker, workerIdentity } from '../src/workers/create-worker';
import { installRuntimeLogger } from '../src/workers/runtime';
import { pingWorkflow } from '../src/workflows';

async function main(): Promise<void> {
  const once = process.argv.includes('--once');
  execFileSync(process.execPath, [...process.execArgv, require.resolve('./stack'), 'up'], { stdio: 'inherit' });

  const config = loadConfig();
  const logger = createLogger({ level: 'warn', name: 'demo' });
  installRuntimeLogger(logger);
  const workerConnection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createWorker({
    connection: workerConnection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createPingActivities({ logger, workerIdentity: workerIdentity() }),
    workflows: true,
  });
  const running = worker.run();

  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const workflowId = `demo-ping-${randomUUID()}`;
  const result = await client.workflow.execute(pingWorkflow, {
    taskQueue: config.temporal.taskQueue,
    workflowId,
    args: ['the local stack is up'],
  });
  await connection.close();

  const ui = config.temporal.uiUrl.replace(/\/$/, '');
  console.log(`\nWorkflow ${workflowId} completed on worker ${result.workerIdentity}: ${result.reply}`);
  console.log(`Temporal UI:  ${ui}`);
  console.log(`This run:     ${ui}/namespaces/${config.temporal.namespace}/workflows/${workflowId}`);

  if (once) {
    worker.shutdown();
  } else {
    console.log(`\nThe worker polls task queue "${config.temporal.taskQueue}"; press Ctrl-C to stop it (the stack keeps running: npm run stack -- down stops it).`);
  }
  await running;
  await workerConnection.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
