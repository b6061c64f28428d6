import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DeliveryNotFoundError, DeliveryRequestRejectedError } from '../deliveries/control';
import { IconikError, IconikUnavailableError } from '../iconik/errors';
import { IntegrationNotFoundError, IntegrationValidationError } from '../integrations/errors';

/** Body of every error answer: a machine-readable code, a sentence with the fix, and the fields at fault. */
export interface ErrorBody {
  error: string;
  message: string;
  issues?: { field: string; message: string }[];
}

/** Maps the errors routes raise to status codes and bodies that name the value at fault and the fix. */
export function handleApiError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as FastifyError).validationContext ?? 'body';
    const issues = error.validation.map((issue) => ({
      field: [context, ...issue.instancePath.split('/').filter((part) => part !== '')].join('.'),
      message: issue.message ?? 'is invalid',
    }));
    return reply.code(400).send({ error: 'invalid_request', message: describeIssues(issues), issues } satisfies ErrorBody);
  }
  if (error instanceof IntegrationValidationError) {
    // The store checks ids from the path and fields from the body alike.
    const issues = error.issues.map((issue) => ({ field: issue.field === 'id' ? 'params.id' : `body.${issue.field}`, message: issue.message }));
    return reply.code(400).send({ error: 'invalid_request', message: describeIssues(issues), issues } satisfies ErrorBody);
  }
  if (error instanceof DeliveryNotFoundError) {
    return reply.code(404).send({ error: 'not_found', message: error.message } satisfies ErrorBody);
  }
  if (error instanceof DeliveryRequestRejectedError) {
    return reply.code(409).send({ error: 'rejected', message: error.message } satisfies ErrorBody);
  }
  if (error instanceof IntegrationNotFoundError) {
    return reply.code(404).send({ error: 'not_found', message: error.message } satisfies ErrorBody);
  }
  if (error instanceof IconikUnavailableError) {
    request.log.warn({ host: error.call.host, endpoint: error.call.endpoint, status: error.status }, 'Iconik unreachable');
    return reply.code(502).send({ error: 'iconik_unreachable', message: error.message } satisfies ErrorBody);
  }
  if (error instanceof IconikError) {
    request.log.warn({ host: error.call.host, endpoint: error.call.endpoint, status: error.status }, 'Iconik rejected a call');
    return reply.code(502).send({ error: 'iconik_error', message: error.message } satisfies ErrorBody);
  }
  const status = (error as FastifyError).statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return reply.code(status).send({ error: (error as FastifyError).code ?? 'bad_request', message: error.message } satisfies ErrorBody);
  }
  request.log.error({ err: error }, 'request failed');
  return reply.code(500).send({ error: 'internal', message: 'The request failed on the server; the server log has the cause.' } satisfies ErrorBody);
}

function describeIssues(issues: { field: string; message: string }[]): string {
  return `Invalid request: ${issues.map((issue) => `${issue.field} ${issue.message}`).join('; ')}`;
}
