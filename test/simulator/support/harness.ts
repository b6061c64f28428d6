 
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config } from '../../../src/config';
import { createLogger } from '../../../src/logging/logger';
import type { KeyframeExtractor } from '../../../src/simulator/deps';
import { routeUrl, type SimRoute } from '../../../src/simulator/http/routing';
import { createSimulatorServer, type SimulatorServer } from '../../../src/simulator/server';
import { loadIconikSpecs, type HttpMethod } from '../../../src/simulator/spec/load-specs';
import { createSchemaValidator } from '../../../src/simulator/spec/validator';
import { createStorageBackends, storageBackendsOptionsFromConfig, type StorageBackends } from '../../../src/simulator/storage';
import { fixtureTokens, type FixtureUser } from './fixture-users';

export const adminSecret = 'test-admin-secret-value';

export interface CallOptions {
  as?: FixtureUser | { appId: string; token: string } | 'none';
  body?: unknown;
  query?: Record<string, string | number | boolean>;
  headers?: Record<string, string>;
  /** Skips the request-schema check, for tests that send an invalid body on purpose. */
  skipRequestValidation?: boolean;
}

export interface CallResult {
  status: number;
  headers: Headers;
  body: any;
  /** The route the call matched, when it is an Iconik route. */
  route: SimRoute | undefined;
}

export interface SimulatorHarness {
  url: string;
  server: SimulatorServer;
  storage: StorageBackends;
  config: Config['iconikSim'];
  /** Calls the simulator as a fixture user, checking the body against the request schema first. */
  call(method: HttpMethod, path: string, options?: CallOptions): Promise<CallResult>;
  admin(method: HttpMethod, path: string, body?: unknown): Promise<CallResult>;
  /** Every Iconik call made through `call`, for the contract test. */
  calls: CallResult[];
  close(): Promise<void>;
}

const specs = loadIconikSpecs();
const validator = createSchemaValidator(specs);

/** Returns the simulator route that a method and path reach, matching with or without the trailing slash. */
export function matchRoute(routes: SimRoute[], method: HttpMethod, path: string): SimRoute | undefined {
  const bare = path.split('?')[0] ?? '';
  const normalized = bare.endsWith('/') ? bare : `${bare}/`;
  const candidates = routes.filter((route) => route.method === method);
  // Static segments win over parameters, as in Fastify's router.
  const scored = candidates
    .map((route) => {
      const pattern = new RegExp(`^${routeUrl(route).replace(/:\w+/g, '[^/]+')}$`);
      return { route, matches: pattern.test(normalized), statics: routeUrl(route).split('/').filter((part) => part !== '' && !part.startsWith(':')).length };
    })
    .filter((candidate) => candidate.matches)
    .sort((a, b) => b.statics - a.statics);
  return scored[0]?.route;
}

/**
 * Starts a simulator on a free loopback port against the local stack's
 * storage servers, with an admin secret and limits chosen by the test.
 */
export async function startSimulator(overrides: Partial<Config['iconikSim']> & { keyframes?: KeyframeExtractor } = {}): Promise<SimulatorHarness> {
  const base = loadConfig();
  const { keyframes, ...configOverrides } = overrides;
  const config: Config['iconikSim'] = {
    ...base.iconikSim,
    port: 0,
    stateFile: undefined,
    indexLagMs: 0,
    rateLimit: { perSecond: 10_000, burst: 10_000 },
    adminSecret,
    b2Dir: mkdtempSync(join(tmpdir(), 'iconik-sim-b2-')),
    ...configOverrides,
  };
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent', name: 'iconik-sim-test' });
  let url = '';
  const storage = createStorageBackends(storageBackendsOptionsFromConfig({ ...base, iconikSim: config }, () => url, logger));
  const server = await createSimulatorServer({ config, logger, storage, storagePlugin: storage.routes, keyframes });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  const calls: CallResult[] = [];

  async function request(method: HttpMethod, path: string, headers: Record<string, string>, body: unknown, query?: CallOptions['query']): Promise<{ status: number; headers: Headers; body: any }> {
    const target = new URL(path, url);
    for (const [key, value] of Object.entries(query ?? {})) target.searchParams.set(key, String(value));
    const response = await fetch(target, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
  }

  return {
    url,
    server,
    storage,
    config,
    calls,
    async call(method, path, options = {}) {
      const route = matchRoute(server.routes, method, path);
      if (route !== undefined && options.body !== undefined && options.skipRequestValidation !== true) {
        const check = validator.validateRequest(route.service, route.specPath, method, options.body, { partial: route.partialBody === true });
        if (!check.valid) throw new Error(`The test sends an invalid ${method} ${path} body: ${JSON.stringify(check.errors)}`);
      }
      const who = options.as ?? 'power';
      const credentials: { appId: string; token: string } | undefined = who === 'none' ? undefined : typeof who === 'string' ? fixtureTokens[who] : who;
      const authHeaders: Record<string, string> = credentials === undefined ? {} : { 'App-ID': credentials.appId, 'Auth-Token': credentials.token };
      const result = { ...(await request(method, path, { ...authHeaders, ...options.headers }, options.body, options.query)), route };
      calls.push(result);
      return result;
    },
    async admin(method, path, body) {
      return { ...(await request(method, path, { 'x-sim-admin-secret': adminSecret }, body)), route: undefined };
    },
    async close() {
      await server.close();
      await storage.close();
    },
  };
}
