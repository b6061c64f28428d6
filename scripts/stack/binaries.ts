import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** A server program built from Go source with `go install` at a pinned version. */
export interface GoProgram {
  name: string;
  module: string;
  version: string;
  /** The file name `go install` writes, when it differs from `name`. */
  executable?: string;
}

export const goPrograms = {
  // v1.5.1 is the newest Temporal CLI that `go install` accepts: later tags
  // carry a `replace` directive in go.mod. It embeds server 1.29.1 and UI 2.42.1.
  temporal: { name: 'temporal', module: 'github.com/temporalio/cli/cmd/temporal', version: 'v1.5.1' },
  // MinIO publishes RELEASE.* tags that are not semantic versions, so the
  // module proxy serves its commits as pseudo-versions. This is the last
  // commit on its main branch, dated 2026-02-12.
  minio: { name: 'minio', module: 'github.com/minio/minio', version: 'v0.0.0-20260212201848-7aac2a2c5b7c' },
  fakeGcsServer: { name: 'fake-gcs-server', module: 'github.com/fsouza/fake-gcs-server', version: 'v1.56.1' },
  mailpit: { name: 'mailpit', module: 'github.com/axllent/mailpit', version: 'v1.33.1' },
} satisfies Record<string, GoProgram>;

/** Returns where the cached build of a program lives, keyed by name and version. */
export function cachedBinaryPath(cacheDir: string, program: GoProgram): string {
  return join(cacheDir, 'bin', `${program.name}-${program.version}`);
}

export function hasGo(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Returns the cached binary of a program, building it with `go install` first
 * when the cache lacks it. The build goes to a temporary folder and is moved
 * into place only when complete, so an interrupted build leaves no broken binary.
 */
export function ensureGoProgram(cacheDir: string, program: GoProgram, log: (line: string) => void): string {
  const target = cachedBinaryPath(cacheDir, program);
  if (existsSync(target)) return target;

  if (!hasGo()) {
    throw new Error(
      `${program.name} ${program.version} is not in ${join(cacheDir, 'bin')} and Go is not installed: ` +
        `install Go 1.24 or newer, or build ${program.module}@${program.version} elsewhere and copy it to ${target}.`,
    );
  }

  mkdirSync(join(cacheDir, 'bin'), { recursive: true });
  const buildDir = mkdtempSync(join(cacheDir, 'bin', `.build-${program.name}-`));
  const started = Date.now();
  log(`building ${program.module}@${program.version} with go install (this takes minutes on a first run)`);
  try {
    const result = spawnSync('go', ['install', `${program.module}@${program.version}`], {
      env: { ...process.env, GOBIN: buildDir, GOFLAGS: [process.env.GOFLAGS, '-buildvcs=false'].filter(Boolean).join(' ') },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (result.status !== 0) {
      throw new Error(`go install ${program.module}@${program.version} failed with exit code ${result.status ?? result.signal}: see the Go output above.`);
    }
    renameSync(join(buildDir, program.executable ?? program.name), target);
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
  log(`built ${program.name} ${program.version} in ${Math.round((Date.now() - started) / 1000)} s: ${target}`);
  return target;
}

/** Finds a program on PATH, as a shell would. */
export function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir !== '' && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}
