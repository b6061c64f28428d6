import { fileURLToPath } from 'node:url';

/** An ffmpeg or ffprobe input: its argument, the protocols it may open, and its name in messages. */
export interface MediaInput {
  argument: string;
  /** ffmpeg input options that limit the protocols the input may open. */
  options: string[];
  /** The location as an operator reads it, for example s3://bucket/key; it never contains a signature. */
  description: string;
}

/**
 * Turns a backend's read URL into ffmpeg input arguments. HTTP inputs may
 * open only HTTP over TCP, so a playlist inside an uploaded file cannot make
 * ffmpeg fetch local files, and reads time out after 30 seconds of silence.
 * File inputs may open only local files.
 */
export function mediaInput(readUrl: string, description: string): MediaInput {
  if (readUrl.startsWith('file:')) {
    return { argument: fileURLToPath(readUrl), options: ['-protocol_whitelist', 'file'], description };
  }
  return {
    argument: readUrl,
    options: ['-protocol_whitelist', 'http,https,tcp,tls', '-rw_timeout', '30000000'],
    description,
  };
}

/**
 * Replaces the input (a signed URL or a local path) and any other URL in a
 * tool's stderr with the location's description, so messages never carry a
 * signature, and keeps the last lines, which name the failure.
 */
export function cleanToolMessage(stderr: string, input: MediaInput): string {
  const lines = stderr
    .split(input.argument)
    .join(input.description)
    .replace(/https?:\/\/\S+/g, input.description)
    .split('\n')
    .map((line) => line.trim())
    // The caller's message already names the input, so a line's leading "INPUT: " is dropped.
    .map((line) => (line.startsWith(`${input.description}: `) ? line.slice(input.description.length + 2) : line))
    .filter((line) => line.length > 0);
  return lines.slice(-3).join('; ').slice(0, 500);
}
