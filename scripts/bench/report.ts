import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { goPrograms } from '../stack/binaries';
import { rcloneProgram } from './rclone';
import { checkTargets, type SystemSummary, type WorkloadResult } from './results';
import { formatBytes } from './workloads';

/** The machine and software versions a report was measured with. */
export interface Environment {
  cores: number;
  memory: string;
  cpu: string;
  versions: Record<string, string>;
}

export function describeEnvironment(): Environment {
  const packageVersion = (name: string) => (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  return {
    cores: availableParallelism(),
    memory: formatBytes(totalmem()),
    cpu: cpus()[0]?.model ?? 'unknown',
    versions: {
      'Node.js': process.version,
      '@temporalio/worker': packageVersion('@temporalio/worker'),
      '@aws-sdk/client-s3': packageVersion('@aws-sdk/client-s3'),
      'Temporal CLI': goPrograms.temporal.version,
      MinIO: goPrograms.minio.version,
      rclone: rcloneProgram.version,
    },
  };
}

const systemNames: Record<SystemSummary['system'], string> = { delivery: 'delivery (ours)', rclone: 'rclone copy', sdk: 'SDK ceiling' };

function cell(value: number | undefined, digits: number): string {
  return value === undefined ? '–' : value.toFixed(digits);
}

/** Renders the results as Markdown table rows, one per workload and system. */
export function resultsTable(results: WorkloadResult[]): string {
  const header = [
    '| Workload | System | Wall s | MiB/s | files/s | Ours vs this | Worker peak RSS MiB | Iconik calls/file | History events/file | Max events in one run | Byte-exact |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  const rows = results.flatMap((result) =>
    result.systems.map((summary) => {
      const ratios: Record<SystemSummary['system'], number | undefined> = { delivery: undefined, rclone: result.deliveryVsRclone, sdk: result.deliveryVsSdk };
      const versus = ratios[summary.system];
      return [
        `${result.workload} (${result.description})`,
        systemNames[summary.system],
        cell(summary.seconds, 2),
        cell(summary.mibPerSecond, 1),
        cell(summary.filesPerSecond, 2),
        versus === undefined ? '–' : `${versus.toFixed(2)}×`,
        cell(summary.peakRssMib, 0),
        cell(summary.iconikCallsPerFile, 1),
        cell(summary.historyEventsPerFile, 1),
        cell(summary.maxEventsPerRun, 0),
        summary.byteExact ? 'yes' : 'NO',
      ].join(' | ');
    }),
  );
  return [...header, ...rows.map((row) => `| ${row} |`)].join('\n');
}

/** Renders the targets and whether each is met. */
export function targetsTable(results: WorkloadResult[]): string {
  const rows = checkTargets(results).map(({ target, measured, met }) => `| ${target} | ${measured} | ${met === undefined ? 'not run' : met ? 'met' : 'missed'} |`);
  return ['| Target | Measured | Result |', '| --- | --- | --- |', ...rows].join('\n');
}

/** Renders the measured part of docs/benchmarks.md: machine, versions, command, results and targets. */
export function renderMeasurements(environment: Environment, command: string, runs: number | string, results: WorkloadResult[], measuredAt: Date): string {
  const versions = Object.entries(environment.versions).map(([name, version]) => `- ${name} ${version}`);
  return [
    `Measured on ${measuredAt.toISOString().slice(0, 10)} with ${command.startsWith('`') ? command : `\`${command}\``} (medians of ${runs} runs).`,
    '',
    `Machine: ${environment.cores} cores (${environment.cpu}), ${environment.memory} of memory.`,
    '',
    ...versions,
    '',
    resultsTable(results),
    '',
    targetsTable(results),
  ].join('\n');
}
