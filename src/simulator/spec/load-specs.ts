import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Iconik services whose published OpenAPI specs the simulator serves a subset of. */
export const iconikServices = ['auth', 'users', 'files', 'assets', 'jobs', 'metadata', 'search'] as const;
export type IconikService = (typeof iconikServices)[number];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface OpenApiOperation {
  description?: string;
  summary?: string;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: JsonSchema }> }>;
}

export type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema> };
}

export type IconikSpecs = Record<IconikService, OpenApiDocument>;

/** The folder with Iconik's published specs, copied into the repository so a fresh clone has them. */
export const vendoredSpecDir = join(__dirname, '..', '..', '..', 'vendor', 'iconik-openapi');

/** Reads every vendored spec that the simulator uses. */
export function loadIconikSpecs(dir: string = vendoredSpecDir): IconikSpecs {
  const specs = {} as IconikSpecs;
  for (const service of iconikServices) {
    const file = join(dir, `${service}.json`);
    try {
      specs[service] = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
    } catch (error) {
      throw new Error(`Failed to read the Iconik OpenAPI spec ${file}: ${(error as Error).message}. Restore it from vendor/iconik-openapi in git.`);
    }
  }
  return specs;
}

/** Finds one operation of a spec, failing loudly when the simulator names an operation the spec lacks. */
export function findOperation(specs: IconikSpecs, service: IconikService, path: string, method: HttpMethod): OpenApiOperation {
  const operation = specs[service].paths[path]?.[method.toLowerCase()];
  if (operation === undefined) {
    throw new Error(`The ${service} spec has no operation ${method} ${path}: fix the simulator's route table.`);
  }
  return operation;
}
