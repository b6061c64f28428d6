import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PackageIntake } from '../../packages/intake';
import type { PackageRepository } from '../../packages/repository';
import { PackageValidationError } from '../../packages/errors';
import { packageIdRule } from '../../packages/validation/new-package-schema';
import { errorResponse } from '../schemas';
import { startedDeliveriesResponse } from './webhooks';

export interface PackageRoutesOptions {
  packages: PackageRepository;
  intake: PackageIntake;
}

const packageParams = z.strictObject({ id: z.string() });

const sendToCloudBody = z.strictObject({
  integrationId: z.guid('must be the id of an integration, a UUID such as 3f1c2a9e-8b7d-4c6e-9a1b-2d3e4f5a6b7c'),
});

const packageResponse = z.object({
  id: z.string(),
  name: z.string(),
  portal: z.object({ id: z.string(), name: z.string() }).nullable(),
  uploaderEmail: z.string(),
  recipients: z.array(z.string()),
  description: z.string().nullable(),
  metadata: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  downloadUrl: z.string().nullable(),
  fileCount: z.number(),
  totalBytes: z.number(),
  receivedAt: z.string(),
});

const tags = ['packages'];

/** Admin routes on stored packages: read one, and Send to cloud. */
// Fastify plugins are async functions even when they register routes synchronously.
// eslint-disable-next-line @typescript-eslint/require-await
export const packageRoutes: FastifyPluginAsyncZod<PackageRoutesOptions> = async (app, { packages, intake }) => {
  app.get(
    '/packages/:id',
    {
      schema: {
        tags,
        summary: 'Read a stored package without its file list',
        params: packageParams,
        response: { 200: packageResponse, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) => {
      const found = await packages.get(request.params.id).catch((error: unknown) => invalidId(error));
      if (found === 'invalid') return reply.code(400).send(invalidIdBody(request.params.id));
      if (found === undefined) return reply.code(404).send(packageNotFoundBody(request.params.id));
      return found;
    },
  );

  app.post(
    '/packages/:id/send-to-cloud',
    {
      schema: {
        tags,
        summary: 'Deliver a stored package through one integration that serves Send to cloud',
        description: 'The package lands under /MASV/<package name>. Sending it again while its delivery runs returns the same delivery.',
        params: packageParams,
        body: sendToCloudBody,
        response: { 202: startedDeliveriesResponse, 400: errorResponse, 404: errorResponse, 409: errorResponse, 503: errorResponse },
      },
    },
    async (request, reply) => {
      const packageId = request.params.id;
      const { integrationId } = request.body;
      const outcome = await intake.sendToCloud(packageId, integrationId).catch((error: unknown) => invalidId(error));

      if (outcome === 'invalid') return reply.code(400).send(invalidIdBody(packageId));
      if (outcome.kind === 'integration_not_found') {
        request.log.warn({ packageId, integrationId }, 'Send to cloud rejected: integration not found');
        return reply.code(404).send({ error: 'not_found', message: `Integration ${integrationId} not found: list the integrations to find its current id.` });
      }
      if (outcome.kind === 'not_send_to_cloud') {
        request.log.warn({ packageId, integrationId }, 'Send to cloud rejected: the integration does not serve Send to cloud');
        return reply.code(409).send({
          error: 'not_send_to_cloud',
          message: `Integration ${integrationId} (${outcome.integration.name}) does not serve Send to cloud: set "sendToCloud": true with PATCH /integrations/${integrationId}, or pick an integration that has it.`,
        });
      }
      if (outcome.kind === 'package_not_found') {
        request.log.warn({ packageId, integrationId }, 'Send to cloud rejected: package not found');
        return reply.code(404).send(packageNotFoundBody(packageId));
      }
      request.log.info({ packageId, integrationId, deliveryId: outcome.delivery.deliveryId }, 'Send to cloud accepted');
      return reply.code(202).send({ packageId, deliveries: [outcome.delivery] });
    },
  );
};

// A malformed package id cannot name a stored package; any other error goes to the API's error handler.
function invalidId(error: unknown): 'invalid' {
  if (error instanceof PackageValidationError) return 'invalid';
  throw error;
}

function invalidIdBody(id: string) {
  return {
    error: 'invalid_request',
    message: `Invalid request: params.id ${packageIdRule} (got "${id}")`,
    issues: [{ field: 'params.id', message: packageIdRule }],
  };
}

function packageNotFoundBody(id: string) {
  return { error: 'not_found', message: `Package ${id} not found: a package is stored when its webhook arrives, so check the id the transfer service sent.` };
}
