import { readFileSync } from 'node:fs';
import { summarizeWorkload, type WorkloadResult } from './results';
import { workloadNames } from './workloads';

/** Results file written by `--json`: the command that ran and every workload's runs and medians. */
export interface SavedResults {
  command: string;
  runs: number;
  quick: boolean;
  results: WorkloadResult[];
}

/** The results of several saved bench runs, with the medians taken again over all their runs. */
export interface MergedResults {
  commands: string[];
  /** Delivery runs per workload as the report states them: "3", or "3 (many-files: 2)" when a workload has fewer. */
  runs: string;
  results: WorkloadResult[];
}

/**
 * Merges the runs of saved results per workload and takes the medians again,
 * so runs made by separate commands count as one measurement. Quick and full
 * sizes cannot be mixed, because their figures describe different workloads.
 */
export function mergeResults(saved: SavedResults[]): MergedResults {
  if (saved.length === 0) throw new Error('no saved results to merge: pass one or more --from FILE written by --json');
  const quick = new Set(saved.map((entry) => entry.quick));
  if (quick.size > 1) throw new Error('the saved results mix --quick and full sizes: merge only files of one kind');

  const byWorkload = new Map<string, WorkloadResult>();
  for (const entry of saved) {
    for (const result of entry.results) {
      const earlier = byWorkload.get(result.workload);
      byWorkload.set(result.workload, earlier === undefined ? result : { ...earlier, runs: [...earlier.runs, ...result.runs] });
    }
  }
  const results = workloadNames
    .map((name) => byWorkload.get(name))
    .filter((result): result is WorkloadResult => result !== undefined)
    .map((result) => summarizeWorkload({ name: result.workload, description: result.description, fileCount: result.files, bytes: result.bytes }, result.runs));
  const counts = results.map((result) => ({ workload: result.workload, runs: result.runs.filter((run) => run.system === 'delivery').length }));
  const most = Math.max(...counts.map((count) => count.runs));
  const fewer = counts.filter((count) => count.runs < most).map((count) => `${count.workload}: ${count.runs}`);
  const runs = fewer.length === 0 ? String(most) : `${most} (${fewer.join(', ')})`;
  return { commands: saved.map((entry) => entry.command), runs, results };
}

/** Reads the files that `--json` wrote. */
export function readSavedResults(paths: string[]): SavedResults[] {
  return paths.map((path) => {
    let text;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(`cannot read saved results ${path}: ${(error as Error).message}`);
    }
    return JSON.parse(text) as SavedResults;
  });
}
