import Fastify from 'fastify';
import type { Logger } from '../logging/logger';

export interface ApiDependencies {
  logger: Logger;
}

/** Builds the HTTP API with every route registered; the caller decides where it listens. */
export function buildApiServer({ logger }: ApiDependencies) {
  const app = Fastify({ loggerInstance: logger });

  app.get('/healthz', () => ({ status: 'ok' }));

  return app;
}

export type ApiServer = ReturnType<typeof buildApiServer>;
