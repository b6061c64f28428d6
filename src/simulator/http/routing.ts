import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpMethod, IconikService, IconikSpecs } from '../spec/load-specs';
import { requiredRoles } from '../spec/roles';
import type { SchemaValidator } from '../spec/validator';
import type { SimStore } from '../state/store';
import { authenticate, requireRoles, type Principal } from './auth';
import { IconikError } from './errors';
import type { Query } from './pagination';
import type { RateLimiter } from './rate-limit';

/** What a route handler receives: the parsed call and the caller it acts for. */
export interface SimRequest {
  params: Record<string, string>;
  query: Query;
  body: unknown;
  principal: Principal;
  /** True when an armed fault asks for the upload target issued by this call to be expired. */
  expiredUpload: boolean;
  /** The request path without the query string, used to build list URLs. */
  path: string;
  log: FastifyBaseLogger;
}

export interface SimResponse {
  status: number;
  body?: unknown;
}

/** One Iconik operation that the simulator serves, named by its service and its path in that service's spec. */
export interface SimRoute {
  method: HttpMethod;
  service: IconikService;
  /** The operation's path in the spec, for example `/v1/assets/{asset_id}/files/`. */
  specPath: string;
  /** PATCH bodies may leave out fields the schema marks required, as Iconik accepts in practice. */
  partialBody?: boolean;
  handle(request: SimRequest): SimResponse | Promise<SimResponse>;
}

/** Returns the Fastify URL of a spec operation, for example `/API/files/v1/assets/:asset_id/files/`. */
export function routeUrl(route: Pick<SimRoute, 'service' | 'specPath'>): string {
  return `/API/${route.service}${route.specPath.replace(/\{(\w+)\}/g, ':$1')}`;
}

export interface RoutingDeps {
  store: SimStore;
  specs: IconikSpecs;
  validator: SchemaValidator;
  rateLimiter: RateLimiter;
}

/**
 * Registers each route with the checks every Iconik call passes, in order:
 * credentials (401), the App-ID's rate limit (429), the roles the spec
 * requires (403), and the request schema (400).
 */
export function registerIconikRoutes(app: FastifyInstance, routes: SimRoute[], deps: RoutingDeps): void {
  for (const route of routes) {
    const roles = requiredRoles(deps.specs, route.service, route.specPath, route.method);
    app.route({
      method: route.method,
      url: routeUrl(route),
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const principal = authenticate(deps.store.state, request.headers);

        const decision = deps.rateLimiter.take(principal.appId);
        void reply.header('RateLimit-Remaining', String(decision.remaining));
        if (!decision.allowed) {
          throw new IconikError(429, [`Rate limit exceeded for this App-ID: retry after ${decision.retryAfterSeconds} s`], {
            'Retry-After': String(decision.retryAfterSeconds),
          });
        }

        requireRoles(principal, roles);

        const body = request.body ?? (route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
        if (body !== undefined) {
          const result = deps.validator.validateRequest(route.service, route.specPath, route.method, body, { partial: route.partialBody === true });
          if (!result.valid) throw new IconikError(400, result.errors);
        }

        const response = await route.handle({
          params: request.params as Record<string, string>,
          query: request.query as Query,
          body,
          principal,
          expiredUpload: request.simExpiredUpload === true,
          path: request.url.split('?')[0] ?? request.url,
          log: request.log,
        });
        if (route.method !== 'GET') deps.store.changed();
        void reply.code(response.status);
        return response.body === undefined ? reply.send() : reply.send(response.body);
      },
    });
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    simExpiredUpload?: boolean;
  }
}
