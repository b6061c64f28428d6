import { spawn } from 'node:child_process';

export interface ToolResult {
  exitCode: number | null;
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
}

/** Caps on what the simulator keeps of a tool's output: a thumbnail is far below 32 MiB, and errors fit in 64 KiB. */
const maxStdoutBytes = 32 * 1024 * 1024;
const maxStderrBytes = 64 * 1024;

/**
 * Runs ffmpeg or ffprobe without a shell, collecting stdout and stderr, and
 * kills it with SIGKILL after `timeoutMs` or when stdout passes its cap.
 */
export function runTool(command: string, args: string[], timeoutMs: number): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let timedOut = false;

    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);

    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxStdoutBytes) {
        child.kill('SIGKILL');
        return;
      }
      stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < maxStderrBytes) stderr += chunk.toString('utf8');
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout: Buffer.concat(stdout), stderr, timedOut });
    });
  });
}
