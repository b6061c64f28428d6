import pino, { type Logger } from 'pino';

/**
 * Field paths whose values are secrets. pino replaces them before a line is
 * written, so a secret passed by mistake in a log object never reaches output.
 */
export const redactedPaths = [
  'token',
  '*.token',
  'authToken',
  '*.authToken',
  'appToken',
  '*.appToken',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'headers["auth-token"]',
  'headers.authorization',
  '*.headers["auth-token"]',
  '*.headers.authorization',
];

/** Creates the structured JSON logger that every process of the service writes through. */
export function createLogger(options: { level: string; name: string }): Logger {
  return pino({
    name: options.name,
    level: options.level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
  });
}

export type { Logger };
