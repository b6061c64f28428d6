import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { SimStore } from '../state/store';
import { IconikError } from './errors';
import type { FaultRegistry } from './faults';

/**
 * Counts every Iconik call per route and plays armed faults before the route
 * runs: an error status, a delay, a dropped connection, or a flag that makes
 * the call's upload target expired.
 */
export function registerRequestHooks(app: FastifyInstance, deps: { store: SimStore; faults: FaultRegistry }): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/API/')) return;
    const key = `${request.method} ${request.routeOptions.url ?? '(no route)'}`;
    deps.store.state.requestCounts[key] = (deps.store.state.requestCounts[key] ?? 0) + 1;

    const fault = deps.faults.take(request.method, request.url);
    if (fault === undefined) return;
    request.log.info({ faultId: fault.id, mode: fault.mode, status: fault.status, url: request.url }, 'playing an armed fault');
    switch (fault.mode) {
      case 'delay':
        await sleep(fault.delay_ms ?? 0);
        return;
      case 'drop':
        reply.hijack();
        request.raw.socket.destroy();
        return;
      case 'expired_upload_url':
        request.simExpiredUpload = true;
        return;
      case 'status': {
        const headers: Record<string, string> = {};
        if (fault.retry_after !== undefined) headers['Retry-After'] = String(fault.retry_after);
        if (fault.rate_limit_remaining !== undefined) headers['RateLimit-Remaining'] = String(fault.rate_limit_remaining);
        const status = fault.status ?? 500;
        const message = status === 429 ? 'Too many requests' : `Simulated server error ${status}`;
        return reply.code(status).headers(headers).send({ errors: [message] });
      }
    }
  });
}

/** Answers every error in Iconik's error envelope, and logs the unexpected ones. */
export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | IconikError, request, reply) => {
    if (error instanceof IconikError) {
      return reply.code(error.statusCode).headers(error.headers).send({ errors: error.errors });
    }
    if (typeof error.statusCode === 'number' && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ errors: [error.message] });
    }
    request.log.error({ err: error, url: request.url }, 'simulator route failed');
    return reply.code(500).send({ errors: [`Internal simulator error: ${error.message}`] });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ errors: [`No route ${request.method} ${request.url.split('?')[0] ?? ''}`] }));
}
