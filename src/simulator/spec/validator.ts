import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { findOperation, iconikServices, type HttpMethod, type IconikService, type IconikSpecs, type JsonSchema } from './load-specs';

export interface ValidationResult {
  valid: boolean;
  /** Field path (or "body") to message, in the shape of Iconik's `{"errors": {field: message}}`. */
  errors: Record<string, string>;
}

export interface SchemaValidator {
  /** Validates a request body; `partial` drops the top-level required list, because Iconik accepts partial PATCH bodies. */
  validateRequest(service: IconikService, path: string, method: HttpMethod, body: unknown, options?: { partial?: boolean }): ValidationResult;
  /** Validates a response body against the operation's schema for that status; undefined when the spec gives none. */
  validateResponse(service: IconikService, path: string, method: HttpMethod, status: number, body: unknown): ValidationResult | undefined;
  /** Returns true when the spec lists the status code for the operation. */
  documentsStatus(service: IconikService, path: string, method: HttpMethod, status: number): boolean;
}

/**
 * Compiles the request and response schemas of the vendored specs with ajv.
 * Each spec is added whole under its service name, so the `$ref`s inside it
 * resolve, and OpenAPI 3.0's `nullable` is rewritten to a JSON Schema type
 * union first.
 */
export function createSchemaValidator(specs: IconikSpecs): SchemaValidator {
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false });
  addFormats(ajv);
  // The assets spec uses "bool" as a format of boolean fields; it adds no constraint.
  ajv.addFormat('bool', true);
  for (const service of iconikServices) {
    ajv.addSchema({ $id: service, components: convertNullable(specs[service].components) as JsonSchema });
  }
  const cache = new Map<string, ValidateFunction>();

  function compile(key: string, service: IconikService, schema: JsonSchema, partial: boolean): ValidateFunction {
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const source = partial ? withoutTopLevelRequired(specs, service, schema) : schema;
    const validate = ajv.compile(prefixRefs(convertNullable(source), service) as JsonSchema);
    cache.set(key, validate);
    return validate;
  }

  function run(validate: ValidateFunction, body: unknown): ValidationResult {
    if (validate(body)) return { valid: true, errors: {} };
    return { valid: false, errors: toFieldErrors(validate.errors ?? []) };
  }

  return {
    validateRequest(service, path, method, body, options = {}) {
      const schema = findOperation(specs, service, path, method).requestBody?.content?.['application/json']?.schema;
      if (schema === undefined) return { valid: true, errors: {} };
      const partial = options.partial === true;
      return run(compile(`req ${service} ${method} ${path} ${partial}`, service, schema, partial), body);
    },
    validateResponse(service, path, method, status, body) {
      const responses = findOperation(specs, service, path, method).responses;
      const schema = responses[String(status)]?.content?.['application/json']?.schema;
      if (schema === undefined) return undefined;
      return run(compile(`res ${service} ${method} ${path} ${status}`, service, schema, false), body);
    },
    documentsStatus(service, path, method, status) {
      return String(status) in findOperation(specs, service, path, method).responses;
    },
  };
}

function toFieldErrors(errors: ErrorObject[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const error of errors) {
    let field = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
    if (error.keyword === 'required') {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      field = field === '' ? missing : `${field}.${missing}`;
      fields[field] = 'Missing data for required field.';
      continue;
    }
    fields[field === '' ? 'body' : field] ??= `Invalid value: ${error.message ?? 'does not match the schema'}.`;
  }
  return fields;
}

// Turns `nullable: true` into a type union that ajv understands, and allows null in an enum beside it.
function convertNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convertNullable);
  if (node === null || typeof node !== 'object') return node;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) result[key] = convertNullable(value);
  if (result.nullable === true) {
    delete result.nullable;
    if (typeof result.type === 'string') result.type = [result.type, 'null'];
    if (Array.isArray(result.enum) && !result.enum.includes(null)) result.enum = [...(result.enum as unknown[]), null];
  }
  return result;
}

// Rewrites local `#/components/...` references to point into the spec added under the service's name.
function prefixRefs(node: unknown, service: IconikService): unknown {
  if (Array.isArray(node)) return node.map((item) => prefixRefs(item, service));
  if (node === null || typeof node !== 'object') return node;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    result[key] = key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `${service}${value}` : prefixRefs(value, service);
  }
  return result;
}

// A top-level `$ref` is inlined once, so its required list can be dropped for partial updates.
function withoutTopLevelRequired(specs: IconikSpecs, service: IconikService, schema: JsonSchema): JsonSchema {
  let resolved = schema;
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const name = ref.replace('#/components/schemas/', '');
    const referenced = specs[service].components.schemas[name];
    if (referenced === undefined) throw new Error(`The ${service} spec has no schema ${ref}`);
    resolved = referenced;
  }
  const copy: JsonSchema = { ...resolved };
  delete copy.required;
  return copy;
}
