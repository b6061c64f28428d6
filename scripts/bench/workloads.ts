import { createHash, randomFillSync } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';

const kibibyte = 1024;
const mebibyte = 1024 * kibibyte;
const gibibyte = 1024 * mebibyte;

/** Part size that every system in the bench uploads with; S3 multipart ETags are computed from it. */
export const partSizeBytes = 8 * mebibyte;

export type WorkloadName = 'large-file' | 'medium-file' | 'small-files' | 'mixed-package' | 'many-files';
export const workloadNames: WorkloadName[] = ['large-file', 'medium-file', 'small-files', 'mixed-package', 'many-files'];

/** A workload's files, as relative paths and sizes in bytes. */
export interface WorkloadSpec {
  name: WorkloadName;
  description: string;
  files: { path: string; size: number }[];
  /** Whether rclone and the SDK ceiling run it too; the 10,000-file package measures the delivery alone. */
  compared: boolean;
  /** Iconik requests per second that the delivery's worker may send. */
  iconikRequestsPerSecond: number;
  /** Files the delivery moves at the same time, when it differs from the compared systems' parallelism. */
  deliveryWindow?: number;
}

/**
 * Files the 10,000-file package delivers at the same time. Each file waits
 * on about a dozen Iconik requests and Temporal tasks in turn, so with 4 at a
 * time tiny files take about a second each and one run takes 45 minutes.
 */
export const manyFilesWindow = 32;

/** The worker's Iconik request rate in production, below Iconik's limit of about 50 per second per App ID. */
export const productionIconikRate = 40;

/**
 * The request rate of the 10,000-file package. Its target is the workflow
 * history size, which the rate does not change. At the production rate one
 * run would take about 50 minutes.
 */
export const liftedIconikRate = 1_000;

/** A generated file with what the byte-exact check needs. */
export interface GeneratedFile {
  path: string;
  size: number;
  md5: string;
  /** MD5 of each `partSizeBytes` part, as hex; the S3 multipart ETag is built from them. */
  partMd5s: string[];
}

export interface GeneratedWorkload extends WorkloadSpec {
  dir: string;
  files: GeneratedFile[];
  totalBytes: number;
}

/**
 * Returns the workloads at full size, or scaled down for `--quick`. The quick
 * sizes keep a whole run under a minute: a delivery makes about 12 Iconik
 * calls per file, and the worker sends at most ICONIK_REQUESTS_PER_SECOND (40).
 */
export function workloadSpecs(quick: boolean): WorkloadSpec[] {
  return [
    {
      name: 'large-file',
      description: quick ? 'one 8 MiB file' : 'one 4 GiB file',
      files: [{ path: 'large.bin', size: quick ? 8 * mebibyte : 4 * gibibyte }],
      compared: true,
      iconikRequestsPerSecond: productionIconikRate,
    },
    {
      name: 'medium-file',
      description: quick ? 'one 2 MiB file' : 'one 1 GiB file',
      files: [{ path: 'medium.bin', size: quick ? 2 * mebibyte : gibibyte }],
      compared: true,
      iconikRequestsPerSecond: productionIconikRate,
    },
    {
      name: 'small-files',
      description: quick ? '30 files of 256 KiB in 3 folders' : '1,000 files of 256 KiB in 20 folders',
      files: smallFiles(quick ? 30 : 1000, quick ? 3 : 20, 256 * kibibyte),
      compared: true,
      iconikRequestsPerSecond: productionIconikRate,
    },
    mixedPackage(quick ? 12 : 200, quick ? 24 * mebibyte : 3 * gibibyte),
    {
      name: 'many-files',
      description: `${quick ? '40 files of 4 KiB in 4 folders' : '10,000 files of 4 KiB in 100 folders'}, Iconik rate lifted to ${liftedIconikRate} requests/s, ${manyFilesWindow} files at a time`,
      files: smallFiles(quick ? 40 : 10_000, quick ? 4 : 100, 4 * kibibyte),
      compared: false,
      iconikRequestsPerSecond: liftedIconikRate,
      deliveryWindow: manyFilesWindow,
    },
  ];
}

function mixedPackage(count: number, total: number): WorkloadSpec {
  const files = mixedFiles(count, total);
  const sizes = files.map((file) => file.size);
  return {
    name: 'mixed-package',
    description: `${count} files, ${formatBytes(total)} in total, sizes from ${formatBytes(Math.min(...sizes))} to ${formatBytes(Math.max(...sizes))}`,
    files,
    compared: true,
    iconikRequestsPerSecond: productionIconikRate,
  };
}

/** Formats a byte count with the largest binary unit that keeps it at 1 or more. */
export function formatBytes(bytes: number): string {
  const units: [string, number][] = [['GiB', gibibyte], ['MiB', mebibyte], ['KiB', kibibyte]];
  for (const [unit, size] of units) if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  return `${bytes} B`;
}

function smallFiles(count: number, folders: number, size: number): { path: string; size: number }[] {
  return Array.from({ length: count }, (_, index) => ({
    path: `folder-${String(index % folders).padStart(3, '0')}/file-${String(index).padStart(5, '0')}.bin`,
    size,
  }));
}

/**
 * Spreads `total` bytes over `count` files with sizes growing geometrically,
 * the largest about 5,000 times the smallest, so a package contains many small
 * files, some medium ones and a few large ones.
 * The sizes are fixed by the arguments, so every run gets the same package.
 */
export function mixedFiles(count: number, total: number): { path: string; size: number }[] {
  const growth = Math.pow(5000, 1 / Math.max(1, count - 1));
  const weights = Array.from({ length: count }, (_, index) => Math.pow(growth, index));
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  const sizes = weights.map((weight) => Math.max(4 * kibibyte, Math.floor((weight / weightSum) * total)));
  // The last file takes the rounding remainder, so the sizes add up to `total` exactly.
  const assigned = sizes.slice(0, -1).reduce((sum, size) => sum + size, 0);
  sizes[count - 1] = total - assigned;
  return sizes.map((size, index) => ({ path: `shoot-${String(index % 8)}/clip-${String(index).padStart(4, '0')}.mov`, size }));
}

/** Writes a workload's files of random bytes under `root`, hashing each as it is written. */
export async function generateWorkload(root: string, spec: WorkloadSpec): Promise<GeneratedWorkload> {
  const dir = join(root, spec.name);
  const files: GeneratedFile[] = [];
  for (const file of spec.files) files.push(await writeRandomFile(join(dir, file.path), file.path, file.size));
  return { ...spec, dir, files, totalBytes: files.reduce((sum, file) => sum + file.size, 0) };
}

async function writeRandomFile(absolutePath: string, path: string, size: number): Promise<GeneratedFile> {
  mkdirSync(dirname(absolutePath), { recursive: true });
  const out = createWriteStream(absolutePath);
  const whole = createHash('md5');
  const partMd5s: string[] = [];
  for (let offset = 0; offset < size || partMd5s.length === 0; offset += partSizeBytes) {
    // A fresh buffer per part, because the write stream keeps a reference until it is flushed.
    const part = randomFillSync(Buffer.allocUnsafe(Math.min(partSizeBytes, size - offset)));
    whole.update(part);
    partMd5s.push(createHash('md5').update(part).digest('hex'));
    if (!out.write(part)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  out.end();
  await finished(out);
  return { path, size, md5: whole.digest('hex'), partMd5s };
}

/**
 * Returns the ETag S3 gives the object: the MD5 of the bytes for a single
 * PutObject, or for a multipart upload the MD5 of the parts' binary MD5s
 * followed by "-" and the part count.
 */
export function expectedEtag(file: GeneratedFile, multipartCount: number | undefined): string {
  if (multipartCount === undefined) return file.md5;
  const joined = Buffer.concat(file.partMd5s.map((hex) => Buffer.from(hex, 'hex')));
  return `${createHash('md5').update(joined).digest('hex')}-${multipartCount}`;
}
