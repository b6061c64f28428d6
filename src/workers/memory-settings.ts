/**
 * Settings the worker process must start with to stay near its memory
 * bound; neither can be changed once the process runs.
 *
 * - `--max-semi-space-size=2` caps each V8 heap's young generation at two
 *   semi-spaces of 2 MiB. Node's default lets it grow to 2 x 16 MiB in the
 *   main thread and again in the workflow thread. A delivery's many small
 *   objects make it grow that far, so up to 64 MiB of dead objects stay
 *   resident between collections.
 * - `MALLOC_ARENA_MAX=2` keeps glibc from giving each native thread (the
 *   Temporal core's runtime, libuv's pool) an allocation arena of its own,
 *   whose freed pages stay resident.
 *
 * The bench measured a delivery of 1,000 small files at about 325 MiB peak
 * without them and 235 to 270 MiB with them, in the same time.
 *
 * TODO: with 32 files at a time and Iconik requests lifted to 1,000/s, the
 * peak still varies by about 100 MiB between runs and exceeds 300 MiB. The
 * V8 heaps stayed flat in the runs probed, so native memory is next to break down.
 */
export const workerNodeFlags: readonly string[] = ['--max-semi-space-size=2'];
export const workerEnvironment: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

/**
 * Returns each memory setting this process did not start with, written as
 * the fix: a Node flag from its command line or NODE_OPTIONS, or an
 * environment variable.
 */
export function missingMemorySettings(execArgv: readonly string[], env: NodeJS.ProcessEnv): string[] {
  const nodeOptions = (env.NODE_OPTIONS ?? '').split(/\s+/).filter((option) => option !== '');
  const passedFlags = new Set([...execArgv, ...nodeOptions]);
  const missing = workerNodeFlags.filter((flag) => !passedFlags.has(flag)).map((flag) => `node ${flag}`);
  for (const [name, value] of Object.entries(workerEnvironment)) {
    if (env[name] !== value) missing.push(`${name}=${value}`);
  }
  return missing;
}
