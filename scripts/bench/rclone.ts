import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureGoProgram, type GoProgram } from '../stack/binaries';
import { sampleRss } from './memory';

// v1.76.0 is the newest rclone release. Its go.mod requires Go 1.26.0 and has
// no `replace` directive, so `go install` builds it with Go 1.26.
export const rcloneProgram: GoProgram = { name: 'rclone', module: 'github.com/rclone/rclone', version: 'v1.76.0' };

/** Returns the cached rclone binary, building it with `go install` on a first run. */
export function ensureRclone(cacheDir: string, log: (line: string) => void): string {
  return ensureGoProgram(cacheDir, rcloneProgram, log);
}

/** The S3 remote rclone copies to, and the parallelism it must share with the delivery. */
export interface RcloneSettings {
  binary: string;
  /** Folder for rclone.conf. */
  configDir: string;
  s3: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string };
  filesInParallel: number;
  partsInFlight: number;
  partSizeMib: number;
}

const remoteName = 'bench';

/** Writes an rclone.conf with one S3 remote for MinIO and returns its path. */
export function writeRcloneConfig(settings: RcloneSettings): string {
  const path = join(settings.configDir, 'rclone.conf');
  const lines = [
    `[${remoteName}]`,
    'type = s3',
    'provider = Minio',
    `endpoint = ${settings.s3.endpoint}`,
    `region = ${settings.s3.region}`,
    `access_key_id = ${settings.s3.accessKeyId}`,
    `secret_access_key = ${settings.s3.secretAccessKey}`,
    'force_path_style = true',
  ];
  writeFileSync(path, `${lines.join('\n')}\n`, { mode: 0o600 });
  return path;
}

/**
 * Runs `rclone copy` of a folder to bucket/prefix and returns its wall time
 * and peak resident set size. rclone's other settings keep their defaults,
 * so files under its 200 MiB upload cutoff go up as one PutObject each.
 */
export async function rcloneCopy(settings: RcloneSettings, configPath: string, from: string, bucket: string, prefix: string): Promise<{ seconds: number; peakRssMib: number }> {
  const args = [
    'copy',
    from,
    `${remoteName}:${bucket}/${prefix}`,
    '--config',
    configPath,
    '--transfers',
    String(settings.filesInParallel),
    '--s3-upload-concurrency',
    String(settings.partsInFlight),
    '--s3-chunk-size',
    `${settings.partSizeMib}Mi`,
    '--quiet',
  ];
  const started = process.hrtime.bigint();
  const child = spawn(settings.binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const sampler = sampleRss(child.pid ?? 0);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakRssMib = sampler.stop();
  if (code !== 0) throw new Error(`rclone copy ${from} to ${bucket}/${prefix} failed with exit code ${code}: ${stderr.trim().slice(0, 2000)}`);
  return { seconds, peakRssMib };
}
