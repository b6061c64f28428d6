import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requiredRoles } from '../../src/connect/required-roles';
import { endpoints, fillTemplate } from '../../src/iconik/endpoints';

interface Operation {
  description?: string;
}

const specDir = join(__dirname, '..', '..', 'vendor', 'iconik-openapi');

/** Every operation of the vendored specs, keyed by "METHOD path below /API/". */
function loadOperations(): Map<string, Operation> {
  const operations = new Map<string, Operation>();
  for (const file of readdirSync(specDir).filter((name) => name.endsWith('.json'))) {
    const spec = JSON.parse(readFileSync(join(specDir, file), 'utf8')) as {
      servers: { url: string }[];
      paths: Record<string, Record<string, Operation>>;
    };
    const base = (spec.servers[0]?.url ?? '').replace(/^\/API\//, '');
    for (const [path, methods] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        operations.set(`${method.toUpperCase()} ${base}${path.replace(/^\//, '')}`, operation);
      }
    }
  }
  return operations;
}

const operations = loadOperations();

function rolesOf(operation: Operation): string[] {
  return [...(operation.description ?? '').matchAll(/\bcan_\w+/g)].map(([role]) => role);
}

describe('Iconik endpoint table', () => {
  it.each(Object.entries(endpoints))('%s exists in the official spec with its role', (_name, endpoint) => {
    const operation = operations.get(`${endpoint.method} ${endpoint.template}`);
    expect(operation).toBeDefined();
    const roles = rolesOf(operation ?? {});
    expect(roles).toEqual(endpoint.role === undefined ? [] : [endpoint.role]);
  });

  it('fills path parameters URL-encoded', () => {
    expect(fillTemplate(endpoints.getFile.template, { asset_id: 'a b', file_id: 'c/d' })).toBe('files/v1/assets/a%20b/files/c%2Fd/');
  });

  it('rejects a missing path parameter', () => {
    expect(() => fillTemplate(endpoints.getFile.template, { asset_id: 'a' })).toThrow('missing path parameter file_id for files/v1/assets/{asset_id}/files/{file_id}/');
  });
});

describe('required roles', () => {
  const rolesInSpecs = new Set([...operations.values()].flatMap(rolesOf));

  it.each(requiredRoles.map((role) => [role.id, role.label]))('%s (%s) is a role the specs use', (id) => {
    expect(rolesInSpecs.has(id)).toBe(true);
  });

  it('lists each role once', () => {
    expect(new Set(requiredRoles.map((role) => role.id)).size).toBe(requiredRoles.length);
    expect(requiredRoles).toHaveLength(23);
  });
});
