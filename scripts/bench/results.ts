import type { HistoryCounts } from './history';
import type { WorkloadName } from './workloads';

export type SystemName = 'delivery' | 'rclone' | 'sdk';

/** One run of one system on one workload. */
export interface RunRecord {
  system: SystemName;
  seconds: number;
  /** Peak resident set size of the process that moved the bytes, in MiB; the SDK loop shares the bench's process, so it has none. */
  peakRssMib?: number;
  /** The worker process's RSS once started and before the delivery, in MiB. */
  idleRssMib?: number;
  lifetimePeakRssMib?: number;
  iconikCalls?: number;
  history?: HistoryCounts;
  objects: number;
  byteExact: boolean;
  problems: string[];
}

/** Medians over a system's runs on one workload. */
export interface SystemSummary {
  system: SystemName;
  runs: number;
  seconds: number;
  mibPerSecond: number;
  filesPerSecond: number;
  peakRssMib?: number;
  iconikCallsPerFile?: number;
  historyEventsPerFile?: number;
  /** The largest history of any one workflow run over all runs (a maximum, not a median). */
  maxEventsPerRun?: number;
  /** True only when every run arrived byte-exact. */
  byteExact: boolean;
}

export interface WorkloadResult {
  workload: WorkloadName;
  description: string;
  files: number;
  bytes: number;
  runs: RunRecord[];
  systems: SystemSummary[];
  /** The delivery's throughput divided by rclone's and by the SDK ceiling's, from the median wall times. */
  deliveryVsRclone?: number;
  deliveryVsSdk?: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function optionalMedian(values: (number | undefined)[]): number | undefined {
  const present = values.filter((value): value is number => value !== undefined);
  return present.length === 0 ? undefined : median(present);
}

/** Summarises each system's runs and the delivery's ratios to rclone and the SDK ceiling. */
export function summarizeWorkload(workload: { name: WorkloadName; description: string; fileCount: number; bytes: number }, runs: RunRecord[]): WorkloadResult {
  const systems: SystemSummary[] = [];
  for (const system of ['delivery', 'rclone', 'sdk'] as const) {
    const own = runs.filter((run) => run.system === system);
    if (own.length === 0) continue;
    const seconds = median(own.map((run) => run.seconds));
    const maxEvents = own.map((run) => run.history?.maxEventsPerRun).filter((value): value is number => value !== undefined);
    systems.push({
      system,
      runs: own.length,
      seconds,
      mibPerSecond: workload.bytes / (1024 * 1024) / seconds,
      filesPerSecond: workload.fileCount / seconds,
      peakRssMib: optionalMedian(own.map((run) => run.peakRssMib)),
      iconikCallsPerFile: optionalMedian(own.map((run) => (run.iconikCalls === undefined ? undefined : run.iconikCalls / workload.fileCount))),
      historyEventsPerFile: optionalMedian(own.map((run) => (run.history === undefined ? undefined : run.history.totalEvents / workload.fileCount))),
      maxEventsPerRun: maxEvents.length === 0 ? undefined : Math.max(...maxEvents),
      byteExact: own.every((run) => run.byteExact),
    });
  }
  const seconds = (system: SystemName) => systems.find((summary) => summary.system === system)?.seconds;
  const delivery = seconds('delivery');
  const rclone = seconds('rclone');
  const sdk = seconds('sdk');
  return {
    workload: workload.name,
    description: workload.description,
    files: workload.fileCount,
    bytes: workload.bytes,
    runs,
    systems,
    deliveryVsRclone: delivery === undefined || rclone === undefined ? undefined : rclone / delivery,
    deliveryVsSdk: delivery === undefined || sdk === undefined ? undefined : sdk / delivery,
  };
}

/** One target of the delivery and whether the measured figures meet it; undefined when its workload did not run. */
export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | undefined;
}

/** How far apart the worker's peak memory for the 1 GiB and 4 GiB files may be and still count as about the same. */
export const rssSpreadAllowed = 0.25;
export const rssLimitMib = 300;
export const historyEventLimit = 10_240;

/** Checks the delivery's targets against the summaries. */
export function checkTargets(results: WorkloadResult[]): TargetCheck[] {
  const find = (name: WorkloadName) => results.find((result) => result.workload === name);
  const deliveryOf = (name: WorkloadName) => find(name)?.systems.find((summary) => summary.system === 'delivery');
  const format = (value: number | undefined, digits = 2) => (value === undefined ? '–' : value.toFixed(digits));
  const ratio = (value: number | undefined) => (value === undefined ? '–' : `${value.toFixed(2)}×`);

  const large = find('large-file');
  const small = find('small-files');
  const rssValues = results.map((result) => result.systems.find((summary) => summary.system === 'delivery')?.peakRssMib).filter((value): value is number => value !== undefined);
  const maxRss = rssValues.length === 0 ? undefined : Math.max(...rssValues);
  const largeRss = deliveryOf('large-file')?.peakRssMib;
  const mediumRss = deliveryOf('medium-file')?.peakRssMib;
  const spread = largeRss === undefined || mediumRss === undefined ? undefined : Math.abs(largeRss - mediumRss) / Math.min(largeRss, mediumRss);
  const manyEvents = deliveryOf('many-files')?.maxEventsPerRun;

  return [
    {
      target: 'largest file at ≥ 1.0× rclone throughput',
      measured: ratio(large?.deliveryVsRclone),
      met: large?.deliveryVsRclone === undefined ? undefined : large.deliveryVsRclone >= 1.0,
    },
    {
      target: 'small files at ≥ 0.5× rclone files/s',
      measured: ratio(small?.deliveryVsRclone),
      met: small?.deliveryVsRclone === undefined ? undefined : small.deliveryVsRclone >= 0.5,
    },
    {
      target: `worker peak RSS ≤ ${rssLimitMib} MiB in every workload`,
      measured: `${format(maxRss, 0)} MiB`,
      met: maxRss === undefined ? undefined : maxRss <= rssLimitMib,
    },
    {
      target: `worker peak RSS for the largest and the 1 GiB file within ${rssSpreadAllowed * 100} % of each other`,
      measured: `${format(largeRss, 0)} and ${format(mediumRss, 0)} MiB`,
      met: spread === undefined ? undefined : spread <= rssSpreadAllowed,
    },
    {
      target: `many-file package with every workflow run under ${historyEventLimit.toLocaleString('en-US')} history events`,
      measured: manyEvents === undefined ? 'not run' : `${manyEvents} events at most`,
      met: manyEvents === undefined ? undefined : manyEvents < historyEventLimit,
    },
  ];
}
