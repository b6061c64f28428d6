import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBenchOptions } from '../../scripts/bench/options';
import { mergeResults } from '../../scripts/bench/merge';
import { checkTargets, median, summarizeWorkload, type RunRecord, type WorkloadResult } from '../../scripts/bench/results';
import { expectedEtag, generateWorkload, mixedFiles, partSizeBytes, workloadSpecs } from '../../scripts/bench/workloads';

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

describe('bench workloads', () => {
  it('mixed package adds up to its total', () => {
    const files = mixedFiles(200, 3 * 1024 ** 3);
    expect(files).toHaveLength(200);
    expect(files.reduce((sum, file) => sum + file.size, 0)).toBe(3 * 1024 ** 3);
    expect(Math.min(...files.map((file) => file.size))).toBeGreaterThanOrEqual(4096);
    expect(new Set(files.map((file) => file.path)).size).toBe(200);
  });

  it('full sizes match the documented workloads', () => {
    const specs = Object.fromEntries(workloadSpecs(false).map((spec) => [spec.name, spec]));
    expect(specs['large-file']?.files).toEqual([{ path: 'large.bin', size: 4 * 1024 ** 3 }]);
    expect(specs['medium-file']?.files).toEqual([{ path: 'medium.bin', size: 1024 ** 3 }]);
    expect(specs['small-files']?.files).toHaveLength(1000);
    expect(new Set(specs['small-files']?.files.map((file) => file.path.split('/')[0])).size).toBe(20);
    expect(specs['small-files']?.files.every((file) => file.size === 256 * 1024)).toBe(true);
    expect(specs['many-files']?.files).toHaveLength(10_000);
    expect(specs['many-files']?.compared).toBe(false);
    expect(Object.values(specs).map((spec) => [spec.name, spec.iconikRequestsPerSecond])).toEqual([
      ['large-file', 40],
      ['medium-file', 40],
      ['small-files', 40],
      ['mixed-package', 40],
      ['many-files', 1000],
    ]);
  });

  it('generated file hashes match its bytes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bench-workload-'));
    try {
      const size = partSizeBytes * 2 + 1234;
      const workload = await generateWorkload(root, { name: 'large-file', description: 'test', files: [{ path: 'a/b.bin', size }], compared: true, iconikRequestsPerSecond: 40 });
      const bytes = readFileSync(join(workload.dir, 'a/b.bin'));
      const [file] = workload.files;
      expect(bytes.length).toBe(size);
      expect(file?.md5).toBe(md5(bytes));
      const parts = [bytes.subarray(0, partSizeBytes), bytes.subarray(partSizeBytes, 2 * partSizeBytes), bytes.subarray(2 * partSizeBytes)];
      expect(file?.partMd5s).toEqual(parts.map(md5));
      const multipart = `${md5(Buffer.concat(parts.map((part) => createHash('md5').update(part).digest())))}-3`;
      expect(expectedEtag(file!, 3)).toBe(multipart);
      expect(expectedEtag(file!, undefined)).toBe(md5(bytes));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('bench results', () => {
  const run = (system: RunRecord['system'], seconds: number, extra: Partial<RunRecord> = {}): RunRecord => ({ system, seconds, objects: 1, byteExact: true, problems: [], ...extra });

  it('merge takes medians over saved runs', () => {
    const saved = (seconds: number, workload: WorkloadResult['workload'] = 'small-files') => ({
      command: `npm run bench -- --only ${workload} --runs 1`,
      runs: 1,
      quick: false,
      results: [summarizeWorkload({ name: workload, description: 'd', fileCount: 2, bytes: 2 * 1024 * 1024 }, [run('delivery', seconds), run('rclone', 1)])],
    });
    const merged = mergeResults([saved(4), saved(1, 'large-file'), saved(2), saved(3)]);
    expect(merged.results.map((result) => [result.workload, result.runs.length])).toEqual([
      ['large-file', 2],
      ['small-files', 6],
    ]);
    expect(merged.results[1]?.systems.find((summary) => summary.system === 'delivery')?.seconds).toBe(3);
    expect(merged.runs).toBe('3 (large-file: 1)');
    expect(merged.commands).toHaveLength(4);
    expect(() => mergeResults([saved(1), { ...saved(2), quick: true }])).toThrow('mix --quick and full sizes');
    expect(() => mergeResults([])).toThrow('no saved results to merge');
  });

  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('summary takes medians and ratios', () => {
    const history = { deliveryRuns: 1, childRuns: 2, totalEvents: 100, maxEventsPerRun: 40, maxEventsWorkflowId: 'w' };
    const result = summarizeWorkload({ name: 'small-files', description: 'two files', fileCount: 2, bytes: 2 * 1024 * 1024 }, [
      run('delivery', 4, { peakRssMib: 200, iconikCalls: 40, history }),
      run('delivery', 2, { peakRssMib: 100, iconikCalls: 30, history: { ...history, maxEventsPerRun: 90 } }),
      run('delivery', 3, { peakRssMib: 150, iconikCalls: 36, history }),
      run('rclone', 1),
      run('sdk', 0.5, { byteExact: false }),
    ]);
    const delivery = result.systems.find((summary) => summary.system === 'delivery');
    expect(delivery).toEqual({
      system: 'delivery',
      runs: 3,
      seconds: 3,
      mibPerSecond: 2 / 3,
      filesPerSecond: 2 / 3,
      peakRssMib: 150,
      iconikCallsPerFile: 18,
      historyEventsPerFile: 50,
      maxEventsPerRun: 90,
      byteExact: true,
    });
    expect(result.deliveryVsRclone).toBeCloseTo(1 / 3, 10);
    expect(result.deliveryVsSdk).toBeCloseTo(0.5 / 3, 10);
    expect(result.systems.find((summary) => summary.system === 'sdk')?.byteExact).toBe(false);
  });

  it('targets report met, missed and not run', () => {
    const history = { deliveryRuns: 3, childRuns: 10_000, totalEvents: 300_000, maxEventsPerRun: 6_000, maxEventsWorkflowId: 'w' };
    const checks = checkTargets([
      summarizeWorkload({ name: 'large-file', description: '', fileCount: 1, bytes: 1 }, [run('delivery', 1, { peakRssMib: 200 }), run('rclone', 1.2)]),
      summarizeWorkload({ name: 'small-files', description: '', fileCount: 1, bytes: 1 }, [run('delivery', 10, { peakRssMib: 320 }), run('rclone', 1)]),
      summarizeWorkload({ name: 'many-files', description: '', fileCount: 1, bytes: 1 }, [run('delivery', 10, { peakRssMib: 210, history })]),
    ]);
    expect(checks.map((check) => check.met)).toEqual([true, false, false, undefined, true]);
  });
});

describe('bench options', () => {
  it('full run writes the report', () => {
    expect(parseBenchOptions([])).toMatchObject({ runs: 3, only: [], quick: false, reportPath: 'docs/benchmarks.md', command: 'npm run bench' });
  });

  it('partial runs print only', () => {
    expect(parseBenchOptions(['--only', 'large-file,small-files', '--runs', '1'])).toMatchObject({
      runs: 1,
      only: ['large-file', 'small-files'],
      reportPath: undefined,
      command: 'npm run bench -- --only large-file,small-files --runs 1',
    });
    expect(parseBenchOptions(['--quick']).reportPath).toBeUndefined();
    expect(parseBenchOptions(['--install'])).toMatchObject({ install: true, reportPath: undefined });
    expect(parseBenchOptions(['--from', 'a.json', '--from', 'b.json'])).toMatchObject({ from: ['a.json', 'b.json'], reportPath: 'docs/benchmarks.md' });
  });

  it('invalid values are rejected', () => {
    expect(() => parseBenchOptions(['--runs', '0'])).toThrow('--runs "0" is invalid');
    expect(() => parseBenchOptions(['--only', 'huge'])).toThrow('--only "huge" is not a workload');
    expect(() => parseBenchOptions(['--fast'])).toThrow('usage: npm run bench');
  });
});
