import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Where one server keeps its data, its log and its process id. */
export interface ServerPaths {
  dataDir: string;
  logFile: string;
  pidFile: string;
}

export function serverPaths(stackDir: string, name: string): ServerPaths {
  return {
    dataDir: join(stackDir, 'data', name),
    logFile: join(stackDir, 'logs', `${name}.log`),
    pidFile: join(stackDir, 'run', `${name}.pid`),
  };
}

/**
 * Starts a program detached from this process, in its own process group, with
 * its output appended to the log file, and records its process id.
 */
export function startDetached(command: string, args: string[], env: NodeJS.ProcessEnv, paths: ServerPaths): number {
  for (const dir of [paths.dataDir, join(paths.logFile, '..'), join(paths.pidFile, '..')]) {
    mkdirSync(dir, { recursive: true });
  }
  const log = openSync(paths.logFile, 'a');
  try {
    const child = spawn(command, args, { detached: true, env, stdio: ['ignore', log, log] });
    if (child.pid === undefined) throw new Error(`could not start ${command}: see ${paths.logFile}`);
    child.unref();
    writeFileSync(paths.pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/** Returns the recorded process id when that process is still alive. */
export function runningPid(paths: ServerPaths): number | undefined {
  if (!existsSync(paths.pidFile)) return undefined;
  const pid = Number(readFileSync(paths.pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return isAlive(pid) ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the recorded process group: SIGTERM first, SIGKILL after the grace period. */
export async function stopProcess(paths: ServerPaths, graceMs = 10_000): Promise<boolean> {
  const pid = runningPid(paths);
  rmSync(paths.pidFile, { force: true });
  if (pid === undefined) return false;

  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) signalGroup(pid, 'SIGKILL');
  return true;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** Polls a health check until it passes, the process dies or the time runs out. */
export async function waitUntilHealthy(options: {
  name: string;
  check: () => Promise<boolean>;
  pid: number;
  paths: ServerPaths;
  timeoutMs: number;
}): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (await options.check()) return;
    if (!isAlive(options.pid)) {
      throw new Error(`${options.name} exited during start-up: read ${options.paths.logFile} for the cause.`);
    }
    await sleep(250);
  }
  throw new Error(
    `${options.name} did not pass its health check within ${options.timeoutMs / 1000} s: read ${options.paths.logFile}.`,
  );
}
