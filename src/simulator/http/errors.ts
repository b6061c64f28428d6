/**
 * An error answered in Iconik's error envelope: `{"errors": [...]}` for
 * messages, or `{"errors": {field: message}}` for invalid fields.
 */
export class IconikError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errors: string[] | Record<string, string>,
    readonly headers: Record<string, string> = {},
  ) {
    super(Array.isArray(errors) ? errors.join('; ') : Object.entries(errors).map(([field, message]) => `${field}: ${message}`).join('; '));
    this.name = 'IconikError';
  }
}

export function notFound(what: string, id: string): IconikError {
  return new IconikError(404, [`${what} ${id} does not exist`]);
}

export function badRequest(field: string, message: string): IconikError {
  return new IconikError(400, { [field]: message });
}
