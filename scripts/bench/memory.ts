import { readFileSync } from 'node:fs';

/** Reads a field of /proc/<pid>/status in KiB, such as VmRSS or VmHWM; undefined once the process is gone. */
export function readStatusKib(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match === null ? undefined : Number(match[1]);
}

/** Samples a process's resident set size while work runs, keeping the maximum. */
export interface RssSampler {
  /** Stops sampling and returns the maximum resident set size seen, in MiB. */
  stop(): number;
}

/**
 * Reads VmRSS of `pid` every `intervalMs`. The kernel's own peak (VmHWM)
 * covers the whole life of the process, including start-up, so the bench
 * samples over the measured window instead and reports VmHWM beside it.
 */
export function sampleRss(pid: number, intervalMs = 100): RssSampler {
  let maxKib = readStatusKib(pid, 'VmRSS') ?? 0;
  const timer = setInterval(() => {
    maxKib = Math.max(maxKib, readStatusKib(pid, 'VmRSS') ?? 0);
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      maxKib = Math.max(maxKib, readStatusKib(pid, 'VmRSS') ?? 0);
      return maxKib / 1024;
    },
  };
}
