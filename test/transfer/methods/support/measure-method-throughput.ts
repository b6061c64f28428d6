/**
 * Measures one transfer of a file from a file:// source to each of GCS,
 * AZURE and B2 through the in-process simulator, and prints the throughput.
 * Run: npx tsx test/transfer/methods/support/measure-method-throughput.ts [MiB]
 */
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createTransferActivities, type TransferResult } from '../../../../src/transfer';
import { writeRandomFile } from '../../support/random-file';
import { mebibyte, startTransferStack } from '../../support/transfer-stack';
import { prepareFileOn, readBackOn } from './method-files';

async function main(): Promise<void> {
  const sizeMiB = Number(process.argv[2] ?? 64);
  const stack = await startTransferStack();
  try {
    const size = sizeMiB * mebibyte;
    const path = join(stack.sourceRoot, 'throughput.bin');
    const md5 = await writeRandomFile(path, size);
    for (const method of ['GCS', 'AZURE', 'B2'] as const) {
      const input = await prepareFileOn(stack, method, `throughput-${method}.bin`, size, `file://${path}`);
      // B2 is measured as a large file, the path that files above 100 MiB take.
      const { transferFile } = createTransferActivities(stack.deps({ transfer: { partsInFlight: 4, minPartSizeBytes: 8 * mebibyte, b2SingleUploadMaxBytes: 8 * mebibyte }, progressIntervalMs: 2_000 }));
      const started = process.hrtime.bigint();
      const result: TransferResult = await new MockActivityEnvironment().run(transferFile, input);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const stored = await readBackOn(stack, method, input);
      console.log(JSON.stringify({ method, sizeMiB, parts: result.parts, seconds: Number(seconds.toFixed(2)), MiBPerSecond: Number((sizeMiB / seconds).toFixed(1)), storedMatches: stored.md5 === md5 }));
    }
  } finally {
    await stack.close();
  }
}

void main();
