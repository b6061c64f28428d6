/**
 * Measures one transfer of a large file from a file:// source to MinIO
 * through the in-process simulator, and prints the throughput and the peak
 * RSS of this process. Run: npx tsx test/transfer/support/measure-throughput.ts [MiB]
 */
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createTransferActivities, type TransferResult } from '../../../src/transfer';
import { writeRandomFile } from './random-file';
import { mebibyte, startTransferStack } from './transfer-stack';

async function main(): Promise<void> {
  const sizeMiB = Number(process.argv[2] ?? 1024);
  const stack = await startTransferStack();
  try {
    const path = join(stack.sourceRoot, 'throughput.bin');
    const size = sizeMiB * mebibyte;
    const md5 = await writeRandomFile(path, size);
    const input = await stack.prepareFile('throughput.bin', size, `file://${path}`);
    const { transferFile } = createTransferActivities(stack.deps({ transfer: { partsInFlight: 4, minPartSizeBytes: 8 * mebibyte }, progressIntervalMs: 2_000 }));
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const baselineRss = process.memoryUsage().rss;
    const started = process.hrtime.bigint();
    const result: TransferResult = await new MockActivityEnvironment().run(transferFile, input);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    console.log(
      JSON.stringify({ sizeMiB, parts: result.parts, seconds: Number(seconds.toFixed(2)), MiBPerSecond: Number((sizeMiB / seconds).toFixed(1)), baselineRssMiB: Math.round(baselineRss / mebibyte), peakRssMiB: Math.round(peakRss / mebibyte), md5Matches: result.md5 === md5 }),
    );
  } finally {
    await stack.close();
  }
}

void main();
