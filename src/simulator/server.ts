import fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { registerAdminRoutes } from './admin/routes';
import type { SimulatorDeps } from './deps';
import { bucketOf, isCloudMethod } from './domain/naming';
import { createFaultRegistry, type FaultRegistry } from './http/faults';
import { registerErrorHandlers, registerRequestHooks } from './http/hooks';
import { createRateLimiter } from './http/rate-limit';
import { registerIconikRoutes, type SimRoute } from './http/routing';
import { iconikRoutes } from './routes';
import { loadIconikSpecs } from './spec/load-specs';
import { createSchemaValidator } from './spec/validator';
import { readFixture, seedState } from './state/fixture';
import { loadState } from './state/persistence';
import { createSimStore, type SimStore } from './state/store';

export interface SimulatorServer {
  app: FastifyInstance;
  store: SimStore;
  faults: FaultRegistry;
  routes: SimRoute[];
  /** Waits for the keyframe jobs still running. */
  settle(): Promise<void>;
  /** Returns the state to the fixture, with no faults and a full rate limit, as `POST /_sim/reset` does. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Builds the simulator's HTTP server: state from the state file when it
 * exists, else from the fixture, the Iconik routes behind their checks, the
 * /_sim admin endpoints and, when given, the storage backends' own plugin.
 */
export async function createSimulatorServer(deps: SimulatorDeps & { storagePlugin?: FastifyPluginAsync }): Promise<SimulatorServer> {
  const { config, logger } = deps;
  const initial = (config.stateFile === undefined ? undefined : loadState(config.stateFile)) ?? seedState(readFixture(config.fixtureFile), new Date().toISOString());
  const store = createSimStore({ initial, indexLagMs: config.indexLagMs, stateFile: config.stateFile, logger });
  const faults = createFaultRegistry();
  const rateLimiter = createRateLimiter(config.rateLimit);
  const specs = loadIconikSpecs();
  const validator = createSchemaValidator(specs);
  const pendingJobs = new Set<Promise<void>>();
  const routes = iconikRoutes({ store, storage: deps.storage, keyframes: deps.keyframes, logger }, pendingJobs);

  if (deps.storage !== undefined) {
    for (const storage of Object.values(store.state.storages)) {
      if (isCloudMethod(storage.method)) await deps.storage.byMethod[storage.method].ensureBucket(bucketOf(storage));
    }
  }

  // Typed as Fastify's base logger so the instance has Fastify's default type parameters.
  const baseLogger: FastifyBaseLogger = logger;
  const app = fastify({ loggerInstance: baseLogger, routerOptions: { ignoreTrailingSlash: true }, bodyLimit: 10 * 1024 * 1024 });
  registerErrorHandlers(app);
  registerRequestHooks(app, { store, faults });
  const reset = () => {
    store.replace(seedState(readFixture(config.fixtureFile), new Date().toISOString()));
    faults.clear();
    rateLimiter.reset();
  };
  registerAdminRoutes(app, { adminSecret: config.adminSecret, store, faults, reset });
  await app.register((scope, _options, done) => {
    // Iconik clients POST some calls (keyframes, B2 start) with a JSON content type and no body.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      const text = String(body);
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch (error) {
        done(Object.assign(new Error(`Invalid JSON body: ${(error as Error).message}`), { statusCode: 400 }), undefined);
      }
    });
    registerIconikRoutes(scope, routes, { store, specs, validator, rateLimiter });
    done();
  });
  if (deps.storagePlugin !== undefined) await app.register(deps.storagePlugin);

  const settle = async () => {
    while (pendingJobs.size > 0) await Promise.allSettled([...pendingJobs]);
  };
  return {
    app,
    store,
    faults,
    routes,
    settle,
    reset,
    async close() {
      await settle();
      await app.close();
      store.changed();
      store.flush();
    },
  };
}
