import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { cachedBinaryPath, ensureGoProgram, findOnPath, goPrograms, hasGo } from './binaries';

/**
 * Finds the Temporal CLI, in this order: TEMPORAL_CLI_PATH, `temporal` on
 * PATH, the cached build, a `go install` build, and last the SDK's own
 * download for machines that have internet access but no Go.
 */
export async function resolveTemporalCli(options: {
  cacheDir: string;
  explicitPath: string | undefined;
  log: (line: string) => void;
}): Promise<string> {
  if (options.explicitPath !== undefined) {
    if (!existsSync(options.explicitPath)) {
      throw new Error(`TEMPORAL_CLI_PATH is set to ${options.explicitPath}, which does not exist: fix the path or unset the variable.`);
    }
    return options.explicitPath;
  }

  const onPath = findOnPath('temporal');
  if (onPath !== undefined) return onPath;

  const cached = cachedBinaryPath(options.cacheDir, goPrograms.temporal);
  if (existsSync(cached) || hasGo()) return ensureGoProgram(options.cacheDir, goPrograms.temporal, options.log);

  return downloadWithSdk(options.cacheDir, options.log);
}

// NOTE: this route needs internet access, which the project's development
// machines lack, so it has only been type-checked here.
async function downloadWithSdk(cacheDir: string, log: (line: string) => void): Promise<string> {
  const downloadDir = join(cacheDir, 'sdk-download');
  mkdirSync(downloadDir, { recursive: true });
  log('Go is not installed: downloading the Temporal CLI through the Temporal SDK');
  const environment = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'cached-download', downloadDir, version: 'default' } },
  });
  await environment.teardown();

  const downloaded = readdirSync(downloadDir).find((name) => name.startsWith('temporal-sdk-typescript-'));
  if (downloaded === undefined) throw new Error(`the Temporal SDK download left no CLI in ${downloadDir}`);
  const target = join(cacheDir, 'bin', downloaded);
  mkdirSync(join(cacheDir, 'bin'), { recursive: true });
  copyFileSync(join(downloadDir, downloaded), target);
  return target;
}
