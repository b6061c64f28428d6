import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { loadConfig } from '../../src/config';
import { temporalServing } from '../../scripts/stack/health';
import { workflowBundlePath } from './workflow-bundle';

/**
 * Checks that the local stack runs, then bundles the workflow code once so
 * each test file's worker loads the bundle instead of running webpack again.
 */
export default async function globalSetup(): Promise<void> {
  const config = loadConfig();
  if (!(await temporalServing(config.temporal.address))) {
    throw new Error(
      `No Temporal server answers at ${config.temporal.address}: start the local stack with "npm run stack -- up", or run "npm test", which starts it.`,
    );
  }
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../src/workflows'),
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  });
  mkdirSync(join(workflowBundlePath(), '..'), { recursive: true });
  writeFileSync(workflowBundlePath(), bundle.code);
}
