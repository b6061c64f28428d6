import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configVariableNames, parseConfig } from '../../src/config';
import { searchAttributeKeys } from '../../src/workflows/search-attributes';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
}

const root = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;

function service(name: string): ComposeService {
  const found = services[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

function imageVersion(image: string): string {
  const tag = image.split(':')[1];
  if (tag === undefined) throw new Error(`image ${image} has no tag`);
  return tag;
}

describe('docker-compose.yml', () => {
  it('defines exactly the deployment services', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['api', 'minio', 'postgresql', 'temporal', 'temporal-namespace', 'temporal-schema', 'temporal-ui', 'worker'].sort(),
    );
  });

  it('pins every image to a version', () => {
    for (const [name, definition] of Object.entries(services)) {
      if (definition.build !== undefined) continue;
      const image = definition.image ?? '';
      expect(`${name}: ${image}`).toMatch(/^[\w-]+: [\w./-]+:[\w.-]+$/);
      expect(`${name}: ${imageVersion(image)}`).not.toMatch(/latest$/);
    }
  });

  it('uses PostgreSQL 16 and the plain Temporal server image', () => {
    expect(service('postgresql').image).toMatch(/^postgres:16(\.\d+)?$/);
    expect(service('temporal').image).toMatch(/^temporalio\/server:\d+\.\d+\.\d+$/);
    expect(Object.values(services).some((definition) => definition.image?.includes('auto-setup'))).toBe(false);
    expect(service('temporal').environment?.DB).toBe('postgres12');
  });

  it('runs the schema job before the server and the namespace job after it', () => {
    expect(service('temporal-schema').image).toMatch(/^temporalio\/admin-tools:/);
    expect(service('temporal-schema').command).toEqual(['/deploy/setup-postgres.sh']);
    expect(service('temporal').depends_on?.['temporal-schema']?.condition).toBe('service_completed_successfully');
    expect(service('temporal-namespace').command).toEqual(['/deploy/create-namespace.sh']);
    expect(service('temporal-namespace').depends_on?.temporal?.condition).toBe('service_healthy');
  });

  it('pins a Temporal UI that can send Updates', () => {
    const [major, minor, patch] = imageVersion(service('temporal-ui').image ?? '').split('.').map(Number);
    const version = (major ?? 0) * 1_000_000 + (minor ?? 0) * 1_000 + (patch ?? 0);
    expect(version).toBeGreaterThanOrEqual(2 * 1_000_000 + 34 * 1_000 + 4);
  });

  it('builds the API and the worker from the Dockerfile', () => {
    for (const name of ['api', 'worker']) {
      expect(service(name).build).toBe('.');
      expect(service(name).depends_on?.['temporal-namespace']?.condition).toBe('service_completed_successfully');
    }
    expect(service('api').command).toEqual(['node', 'dist/api/main.js']);
    expect(service('worker').command).toEqual(['node', '--max-semi-space-size=2', 'dist/workers/main.js']);
  });

  it('passes the service only variables its configuration reads', () => {
    for (const name of ['api', 'worker']) {
      const variables = Object.keys(service(name).environment ?? {});
      expect(variables).toEqual(expect.arrayContaining(['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'DATABASE_URL']));
      const unknown = variables.filter((variable) => variable !== 'NODE_ENV' && !configVariableNames.includes(variable));
      expect({ service: name, unknown }).toEqual({ service: name, unknown: [] });
    }
    expect(service('api').environment?.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(service('api').environment?.NODE_ENV).toBe('production');
    expect(service('temporal-namespace').environment?.TEMPORAL_NAMESPACE).toBe(service('worker').environment?.TEMPORAL_NAMESPACE);
  });

  it('mounts deployment scripts that exist', () => {
    for (const definition of Object.values(services)) {
      for (const volume of definition.volumes ?? []) {
        const source = volume.split(':')[0] ?? '';
        if (!source.startsWith('./')) continue;
        expect(`${source} ${existsSync(join(root, source)) ? 'exists' : 'is missing'}`).toBe(`${source} exists`);
      }
    }
  });
});

describe('deploy/temporal/create-namespace.sh', () => {
  it('registers exactly the search attributes the workflows set', () => {
    const script = readFileSync(join(root, 'deploy', 'temporal', 'create-namespace.sh'), 'utf8');
    const registered = [...script.matchAll(/\b(\w+):(Keyword|Int|Text|Bool|Double|Datetime|KeywordList)\b/g)].map(
      ([, name, type]) => `${name}=${type}`,
    );
    const expected = searchAttributeKeys.map((key) => `${key.name}=${key.type === 'INT' ? 'Int' : 'Keyword'}`);
    expect(registered.sort()).toEqual(expected.sort());
  });
});

describe('docker-compose.yml in production', () => {
  it('sets every variable production requires', () => {
    for (const name of ['api', 'worker']) {
      const environment = { ...(service(name).environment ?? {}) };
      // Compose substitutes ${NAME:?message} from the operator's environment; stand in a value of each.
      const resolved = Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, String(value).replace(/\$\{[^}]+\}/g, 'x'.repeat(32))]));
      resolved.INTEGRATIONS_ENCRYPTION_KEYS = `prod:${Buffer.alloc(32, 1).toString('base64')}`;
      expect(() => parseConfig(resolved)).not.toThrow();
    }
  });
});
