import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sameSecret } from '../http/auth';
import { IconikError } from '../http/errors';
import { faultInputSchema, type FaultRegistry } from '../http/faults';
import type { SimStore } from '../state/store';
import { inspectState } from './inspect';

export const adminSecretHeader = 'x-sim-admin-secret';

export interface AdminDeps {
  adminSecret: string;
  store: SimStore;
  faults: FaultRegistry;
  reset(): void;
}

/**
 * Registers the simulator's own endpoints under /_sim. Every one except the
 * health check needs the admin secret in the X-Sim-Admin-Secret header; an
 * Iconik token is never accepted here.
 */
export function registerAdminRoutes(app: FastifyInstance, deps: AdminDeps): void {
  const guard = (request: FastifyRequest): void => {
    const given = request.headers[adminSecretHeader];
    if (typeof given !== 'string' || !sameSecret(deps.adminSecret, given)) {
      throw new IconikError(401, [`Missing or wrong ${adminSecretHeader} header: send the value of ICONIK_SIM_ADMIN_SECRET`]);
    }
  };

  app.get('/_sim/health', () => ({ status: 'ok' }));

  app.get('/_sim/state', (request) => {
    guard(request);
    return inspectState(deps.store.state);
  });

  app.get('/_sim/faults', (request) => {
    guard(request);
    return { faults: deps.faults.list() };
  });

  app.post('/_sim/faults', async (request, reply) => {
    guard(request);
    const parsed = faultInputSchema.safeParse(request.body);
    if (!parsed.success) {
      throw new IconikError(400, Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join('.') || 'body', issue.message])));
    }
    const fault = deps.faults.add(parsed.data);
    request.log.info({ faultId: fault.id, method: fault.method, path: fault.path, mode: fault.mode, count: fault.count }, 'fault armed');
    return reply.code(201).send(fault);
  });

  app.delete('/_sim/faults', async (request, reply) => {
    guard(request);
    deps.faults.clear();
    return reply.code(204).send();
  });

  app.post('/_sim/reset', async (request, reply) => {
    guard(request);
    deps.reset();
    request.log.info('simulator reset to the fixture');
    return reply.code(204).send();
  });
}
