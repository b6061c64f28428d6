import type { Logger } from '../logging/logger';
import { IconikClient } from './client';

/** Builds Iconik clients that share the configured request rate per App ID and one logger. */
export function createIconikClientFactory(options: { logger: Logger; requestsPerSecond: number }) {
  return (credentials: { baseUrl: string; appId: string; token: string; signal?: AbortSignal }): IconikClient =>
    new IconikClient({
      baseUrl: credentials.baseUrl,
      appId: credentials.appId,
      authToken: credentials.token,
      logger: options.logger.child({ iconikHost: new URL(credentials.baseUrl).host, appId: credentials.appId }),
      requestsPerSecond: options.requestsPerSecond,
      signal: credentials.signal,
    });
}
