// Measures delivery throughput and worker memory against rclone and a plain
// AWS SDK upload loop. All three write the same data to the stack's MinIO.
//   npm run bench -- [--runs N] [--only WORKLOAD] [--quick] [--report FILE] [--json FILE] [--cpu-prof DIR]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logging/logger';
import { createS3Client } from '../src/simulator/storage/s3/backend';
import { buildWorkerProcess } from './bench/build-worker';
import { openDeliveryBench, type DeliveryBench } from './bench/delivery-run';
import { checkObjects, deletePrefix, ensureBucket } from './bench/objects';
import { parseBenchOptions, type BenchOptions } from './bench/options';
import { ensureRclone, rcloneCopy, writeRcloneConfig, type RcloneSettings } from './bench/rclone';
import { describeEnvironment, renderMeasurements, resultsTable, targetsTable } from './bench/report';
import { summarizeWorkload, type RunRecord, type WorkloadResult } from './bench/results';
import { mergeResults, readSavedResults } from './bench/merge';
import { uploadWithSdk } from './bench/sdk-ceiling';
import { transfersPerWorker } from './bench/worker-process';
import { generateWorkload, partSizeBytes, workloadSpecs, type GeneratedWorkload } from './bench/workloads';
import type { S3Client } from '@aws-sdk/client-s3';

const partSizeMib = partSizeBytes / (1024 * 1024);
/** Parts each file upload keeps in flight, the delivery's TRANSFER_PARTS_IN_FLIGHT default. */
const partsInFlight = 4;
/** The bucket rclone and the SDK ceiling write to; each run writes under a prefix of its own. */
const benchBucket = 'iconik-delivery-bench';
const reportStart = '<!-- bench:start -->';
const reportEnd = '<!-- bench:end -->';

function log(line: string): void {
  console.log(`[bench] ${line}`);
}

interface Systems {
  delivery: DeliveryBench;
  rclone: { settings: RcloneSettings; configPath: string };
  s3: S3Client;
}

async function runWorkload(systems: Systems, workload: GeneratedWorkload, options: BenchOptions, stamp: string): Promise<WorkloadResult> {
  const runs: RunRecord[] = [];
  for (let run = 1; run <= options.runs; run++) {
    const label = `bench-${workload.name}-${stamp}-run${run}`;

    const delivered = await systems.delivery.run(workload, label);
    runs.push({
      system: 'delivery',
      seconds: delivered.seconds,
      peakRssMib: delivered.peakRssMib,
      idleRssMib: delivered.idleRssMib,
      lifetimePeakRssMib: delivered.lifetimePeakRssMib,
      iconikCalls: delivered.iconikCalls,
      history: delivered.history,
      objects: delivered.check.objects,
      byteExact: delivered.check.byteExact && delivered.summary.filesDelivered === workload.files.length,
      problems: delivered.check.problems,
    });
    log(`${workload.name} run ${run}: delivery ${delivered.seconds.toFixed(2)} s, worker RSS ${delivered.idleRssMib.toFixed(0)} MiB idle and ${delivered.peakRssMib.toFixed(0)} MiB at peak, ${delivered.iconikCalls} Iconik calls, max ${delivered.history.maxEventsPerRun} events in one run, byte-exact ${delivered.check.byteExact}`);
    if (!workload.compared) continue;

    const rclonePrefix = `${label}/rclone/`;
    const copied = await rcloneCopy(systems.rclone.settings, systems.rclone.configPath, workload.dir, benchBucket, rclonePrefix);
    const rcloneCheck = await checkObjects(systems.s3, benchBucket, rclonePrefix, workload);
    await deletePrefix(systems.s3, benchBucket, rclonePrefix);
    runs.push({ system: 'rclone', seconds: copied.seconds, peakRssMib: copied.peakRssMib, objects: rcloneCheck.objects, byteExact: rcloneCheck.byteExact, problems: rcloneCheck.problems });
    log(`${workload.name} run ${run}: rclone ${copied.seconds.toFixed(2)} s, peak RSS ${copied.peakRssMib.toFixed(0)} MiB, byte-exact ${rcloneCheck.byteExact}`);

    const sdkPrefix = `${label}/sdk/`;
    const uploaded = await uploadWithSdk(systems.s3, workload, { bucket: benchBucket, prefix: sdkPrefix }, { filesInParallel: transfersPerWorker, partsInFlight, partSizeBytes });
    const sdkCheck = await checkObjects(systems.s3, benchBucket, sdkPrefix, workload);
    await deletePrefix(systems.s3, benchBucket, sdkPrefix);
    runs.push({ system: 'sdk', seconds: uploaded.seconds, objects: sdkCheck.objects, byteExact: sdkCheck.byteExact, problems: sdkCheck.problems });
    log(`${workload.name} run ${run}: SDK ceiling ${uploaded.seconds.toFixed(2)} s, byte-exact ${sdkCheck.byteExact}`);
  }
  for (const run of runs) for (const problem of run.problems) log(`${workload.name} ${run.system}: ${problem}`);
  return summarizeWorkload({ name: workload.name, description: workload.description, fileCount: workload.files.length, bytes: workload.totalBytes }, runs);
}

/** Replaces the measured section of the report between its markers, or writes the section alone when the file has none. */
function writeReport(path: string, measurements: string): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    text = '';
  }
  const start = text.indexOf(reportStart);
  const end = text.indexOf(reportEnd);
  const section = `${reportStart}\n${measurements}\n${reportEnd}`;
  writeFileSync(path, start === -1 || end < start ? `${text}${text === '' ? '' : '\n'}${section}\n` : `${text.slice(0, start)}${section}${text.slice(end + reportEnd.length)}`);
}

function writeResults(path: string, options: BenchOptions, results: WorkloadResult[]): void {
  writeFileSync(path, `${JSON.stringify({ command: options.command, runs: options.runs, quick: options.quick, results }, null, 2)}\n`);
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  if (options.install) {
    ensureRclone(loadConfig().stack.cacheDir, log);
    return;
  }
  if (options.from.length > 0) {
    const merged = mergeResults(readSavedResults(options.from));
    const command = merged.commands.map((line) => `\`${line}\``).join(', then ');
    console.log(`\n${resultsTable(merged.results)}\n\n${targetsTable(merged.results)}\n`);
    writeReport(options.reportPath ?? 'docs/benchmarks.md', renderMeasurements(describeEnvironment(), command, merged.runs, merged.results, new Date()));
    log(`merged ${options.from.length} saved results into ${options.reportPath ?? 'docs/benchmarks.md'}`);
    return;
  }
  execFileSync(process.execPath, [...process.execArgv, require.resolve('./stack'), 'up'], { stdio: 'inherit' });
  const config = loadConfig();
  const logger = createLogger({ level: 'error', name: 'bench' });
  const rcloneBinary = ensureRclone(config.stack.cacheDir, log);

  const stamp = new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14);
  const workDir = mkdtempSync(join(tmpdir(), 'iconik-delivery-bench-'));
  const sourceRoot = join(workDir, 'sources');
  mkdirSync(sourceRoot);
  if (options.cpuProfileDir !== undefined) mkdirSync(options.cpuProfileDir, { recursive: true });

  log('bundling the workflow code once for every worker process');
  const bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../src/workflows'), logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } });
  const workflowBundlePath = join(workDir, 'workflow-bundle.js');
  writeFileSync(workflowBundlePath, bundle.code);
  log('compiling the worker process to JavaScript');
  const workerScriptPath = buildWorkerProcess(join(__dirname, '..'));

  const s3 = createS3Client(config.sources.s3);
  await ensureBucket(s3, benchBucket);
  const connection = await Connection.connect({ address: config.temporal.address });
  const temporal = new Client({ connection, namespace: config.temporal.namespace });
  const delivery = await openDeliveryBench({
    config,
    logger,
    temporal,
    s3,
    workDir,
    sourceRoot,
    workflowBundlePath,
    workerScriptPath,
    filesInParallel: transfersPerWorker,
    partsInFlight,
    partSizeMib,
    cpuProfileDir: options.cpuProfileDir,
  });
  const rcloneSettings: RcloneSettings = { binary: rcloneBinary, configDir: workDir, s3: config.sources.s3, filesInParallel: transfersPerWorker, partsInFlight, partSizeMib };
  const systems: Systems = { delivery, rclone: { settings: rcloneSettings, configPath: writeRcloneConfig(rcloneSettings) }, s3 };

  const results: WorkloadResult[] = [];
  try {
    for (const spec of workloadSpecs(options.quick)) {
      if (options.only.length > 0 && !options.only.includes(spec.name)) continue;
      const generating = Date.now();
      const workload = await generateWorkload(sourceRoot, spec);
      log(`${spec.name}: generated ${spec.description} in ${((Date.now() - generating) / 1000).toFixed(1)} s`);
      try {
        results.push(await runWorkload(systems, workload, options, stamp));
        // Written after each workload, so a run stopped later keeps its figures for --from.
        if (options.jsonPath !== undefined) writeResults(options.jsonPath, options, results);
      } finally {
        rmSync(workload.dir, { recursive: true, force: true });
      }
    }
  } finally {
    await delivery.close();
    await connection.close();
    s3.destroy();
    rmSync(workDir, { recursive: true, force: true });
  }

  console.log(`\n${resultsTable(results)}\n\n${targetsTable(results)}\n`);
  if (options.reportPath !== undefined) {
    writeReport(options.reportPath, renderMeasurements(describeEnvironment(), options.command, options.runs, results, new Date()));
    log(`wrote ${options.reportPath}`);
  }
  if (results.some((result) => result.systems.some((summary) => !summary.byteExact))) {
    throw new Error('a run did not arrive byte-exact, so its figures do not count: see the problems listed above');
  }
}

main().catch((error: unknown) => {
  console.error(`[bench] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
