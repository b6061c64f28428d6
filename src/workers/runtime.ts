import { DefaultLogger, Runtime, type LogLevel, type LogMetadata } from '@temporalio/worker';
import type { Logger } from '../logging/logger';

const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * Sends the Temporal SDK's own log lines (worker state, workflow and activity
 * `log` calls) through the service's pino logger. Call it once per process,
 * before the first connection or worker is created.
 */
export function installRuntimeLogger(logger: Logger): void {
  Runtime.install({
    logger: new DefaultLogger('TRACE', ({ level, message, meta }) => {
      logger[levels[level]](meta as LogMetadata, message);
    }),
  });
}
