import { join } from 'node:path';
import { loadConfig } from '../../src/config';

/** The workflow bundle that the global set-up writes once per test run. */
export function workflowBundlePath(): string {
  return join(loadConfig().stack.dir, 'test', 'workflow-bundle.js');
}
