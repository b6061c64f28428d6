import { parseArgs } from 'node:util';
import { workloadNames, type WorkloadName } from './workloads';

export interface BenchOptions {
  runs: number;
  only: WorkloadName[];
  quick: boolean;
  /** Only build and cache rclone, then exit: CI does this before the tests. */
  install: boolean;
  /** Saved `--json` results to merge into one report instead of measuring. */
  from: string[];
  /** Markdown report path; undefined prints the table only. */
  reportPath: string | undefined;
  /** JSON results path, for the bench's own test. */
  jsonPath: string | undefined;
  cpuProfileDir: string | undefined;
  /** The command line as typed, for the report. */
  command: string;
}

export const usage = `usage: npm run bench -- [--runs N] [--only WORKLOAD]... [--quick] [--report FILE] [--json FILE] [--cpu-prof DIR]
       npm run bench -- --install
       npm run bench -- --from FILE... [--report FILE]
  --runs N         runs of each system per workload; figures are medians (default 3)
  --only WORKLOAD  run only this workload, repeatable: ${workloadNames.join(', ')}
  --quick          tiny sizes (8 MiB instead of 4 GiB, 30 small files, a 40-file package), for tests
  --report FILE    write the Markdown report there (default docs/benchmarks.md for a full run of every workload)
  --json FILE      write every run's figures as JSON, after each workload
  --cpu-prof DIR   write a V8 CPU profile of the worker process for each delivery run into DIR
  --install        only build rclone into the binary cache, then exit
  --from FILE      merge the runs saved by --json into one report instead of measuring, repeatable
                   (writes docs/benchmarks.md unless --report names another file)`;

/** Parses the bench's command line; throws with the usage text on an invalid option. */
export function parseBenchOptions(argv: string[]): BenchOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        runs: { type: 'string', default: '3' },
        only: { type: 'string', multiple: true, default: [] },
        quick: { type: 'boolean', default: false },
        install: { type: 'boolean', default: false },
        from: { type: 'string', multiple: true, default: [] },
        report: { type: 'string' },
        json: { type: 'string' },
        'cpu-prof': { type: 'string' },
      },
      allowPositionals: false,
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${usage}`);
  }
  const { values } = parsed;
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs "${values.runs}" is invalid: expected a whole number of 1 or more\n${usage}`);
  const only = values.only.flatMap((value) => value.split(',')).map((value) => value.trim());
  for (const name of only) {
    if (!(workloadNames as string[]).includes(name)) throw new Error(`--only "${name}" is not a workload: choose from ${workloadNames.join(', ')}`);
  }
  const everything = only.length === 0 && !values.quick && !values.install;
  return {
    runs,
    only: only as WorkloadName[],
    quick: values.quick,
    install: values.install,
    from: values.from,
    reportPath: values.report ?? (everything || values.from.length > 0 ? 'docs/benchmarks.md' : undefined),
    jsonPath: values.json,
    cpuProfileDir: values['cpu-prof'],
    command: ['npm run bench', ...(argv.length === 0 ? [] : ['--', ...argv])].join(' '),
  };
}
