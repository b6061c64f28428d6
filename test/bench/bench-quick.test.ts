import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkloadResult } from '../../scripts/bench/results';

interface BenchJson {
  command: string;
  runs: number;
  quick: boolean;
  results: WorkloadResult[];
}

describe('npm run bench -- --quick', () => {
  let dir: string;
  let report: BenchJson;
  let output: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-test-'));
    const jsonPath = join(dir, 'bench.json');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', '--quick', '--runs', '1', '--json', jsonPath], {
      cwd: join(__dirname, '..', '..'),
      encoding: 'utf8',
      timeout: 170_000,
    });
    output = `${run.stdout}\n${run.stderr}`;
    if (run.status !== 0) throw new Error(`the quick bench failed with exit code ${run.status}:\n${output.slice(-4000)}`);
    report = JSON.parse(readFileSync(jsonPath, 'utf8')) as BenchJson;
  }, 180_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports every workload and system', () => {
    expect(report.quick).toBe(true);
    expect(report.runs).toBe(1);
    expect(report.results.map((result) => result.workload)).toEqual(['large-file', 'medium-file', 'small-files', 'mixed-package', 'many-files']);
    expect(report.results.map((result) => [result.workload, result.files])).toEqual([
      ['large-file', 1],
      ['medium-file', 1],
      ['small-files', 30],
      ['mixed-package', 12],
      ['many-files', 40],
    ]);
    for (const result of report.results) {
      const expected = result.workload === 'many-files' ? ['delivery'] : ['delivery', 'rclone', 'sdk'];
      expect({ workload: result.workload, systems: result.systems.map((summary) => summary.system) }).toEqual({ workload: result.workload, systems: expected });
      expect({ workload: result.workload, runs: result.runs.map((run) => run.system) }).toEqual({ workload: result.workload, runs: expected });
    }
  });

  it('checks every object byte-exact', () => {
    for (const result of report.results) {
      for (const run of result.runs) {
        expect({ workload: result.workload, system: run.system, objects: run.objects, byteExact: run.byteExact, problems: run.problems }).toEqual({
          workload: result.workload,
          system: run.system,
          objects: result.files,
          byteExact: true,
          problems: [],
        });
      }
    }
  });

  it('measures positive throughput', () => {
    for (const result of report.results) {
      for (const summary of result.systems) {
        expect(summary.seconds).toBeGreaterThan(0);
        expect(summary.filesPerSecond).toBeCloseTo(result.files / summary.seconds, 6);
        expect(summary.mibPerSecond).toBeCloseTo(result.bytes / (1024 * 1024) / summary.seconds, 6);
      }
      if (result.workload !== 'many-files') {
        expect(result.deliveryVsRclone).toBeGreaterThan(0);
        expect(result.deliveryVsSdk).toBeGreaterThan(0);
        const seconds = Object.fromEntries(result.systems.map((summary) => [summary.system, summary.seconds]));
        expect(result.deliveryVsRclone).toBeCloseTo(seconds.rclone! / seconds.delivery!, 6);
      }
    }
  });

  it('measures worker memory and Iconik calls', () => {
    for (const result of report.results) {
      const [delivery] = result.runs.filter((run) => run.system === 'delivery');
      // A Node.js process with the Temporal runtime resides in more than 50 MiB; 2 GiB would mean a leak.
      expect(delivery?.peakRssMib).toBeGreaterThan(50);
      expect(delivery?.peakRssMib).toBeLessThan(2048);
      expect(delivery?.lifetimePeakRssMib).toBeGreaterThanOrEqual(delivery?.peakRssMib ?? Infinity);
      // Each file needs at least an asset, a file record and a completion call.
      expect(delivery?.iconikCalls).toBeGreaterThanOrEqual(3 * result.files);
      const [rclone] = result.runs.filter((run) => run.system === 'rclone');
      if (result.workload !== 'many-files') expect(rclone?.peakRssMib).toBeGreaterThan(0);
    }
  });

  it('reads history counts from Temporal', () => {
    for (const result of report.results) {
      const [delivery] = result.runs.filter((run) => run.system === 'delivery');
      const history = delivery?.history;
      expect({ workload: result.workload, deliveryRuns: history?.deliveryRuns, childRuns: history?.childRuns }).toEqual({
        workload: result.workload,
        deliveryRuns: 1,
        childRuns: result.files,
      });
      // A child workflow's history contains at least its start, one activity and its completion.
      expect(history?.totalEvents).toBeGreaterThan(10 * result.files);
      expect(history?.maxEventsPerRun).toBeGreaterThan(0);
      expect(history?.maxEventsPerRun).toBeLessThan(10_240);
      expect(history?.maxEventsWorkflowId).toContain(`bench-${result.workload}-`);
    }
  });

  it('prints the results and targets tables', () => {
    expect(output).toContain('| Workload | System | Wall s |');
    expect(output).toContain('| Target | Measured | Result |');
  });
});
