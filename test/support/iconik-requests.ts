import { loadIconikSpecs, type HttpMethod } from '../../src/simulator/spec/load-specs';
import { createSchemaValidator } from '../../src/simulator/spec/validator';
import { matchRoute } from '../simulator/support/harness';
import type { SimulatorHarness } from '../simulator/support/harness';
import type { RecordedRequest } from './recording-agent';

const validator = createSchemaValidator(loadIconikSpecs());

/**
 * Checks every recorded Iconik request against the official request schema
 * of its operation, and returns one line per request that breaks it. PATCH
 * bodies are checked as partial, as Iconik accepts them.
 */
export function invalidIconikRequests(simulator: SimulatorHarness, requests: RecordedRequest[]): string[] {
  const problems: string[] = [];
  for (const request of requests.filter((candidate) => candidate.path.startsWith('/API/'))) {
    const method = request.method as HttpMethod;
    const route = matchRoute(simulator.server.routes, method, request.path);
    if (route === undefined) {
      problems.push(`${method} ${request.path}: no Iconik operation matches`);
      continue;
    }
    if (request.body === undefined) continue;
    const result = validator.validateRequest(route.service, route.specPath, method, JSON.parse(request.body), { partial: method === 'PATCH' });
    if (!result.valid) problems.push(`${method} ${request.path}: ${JSON.stringify(result.errors)}`);
  }
  return problems;
}
