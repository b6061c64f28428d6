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
 * - `MALLOC_MMAP_THRESHOLD_=65536` makes glibc map each block of 64 KiB or
 *   more on its own and unmap it when it is freed. By default the threshold
 *   rises to the size of the largest mapped block freed so far, up to 32 MiB, and
 *   from then on such blocks come from the heap. Buffers of request and
 *   response bodies then leave holes between small long-lived blocks, and
 *   the heap cannot give those pages back.
 *
 * The bench measured a delivery of 1,000 small files at about 325 MiB peak
 * without the first two and 235 to 270 MiB with them, in the same time. With
 * 2,000 small files, 32 at a time, the peak was 397 MiB with the first two
 * and 283 MiB with all three, again in the same time.
 */
export const workerNodeFlags: readonly string[] = ['--max-semi-space-size=2'];
export const workerEnvironment: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '65536' };

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
