import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import secureJson from 'secure-json-parse';
import { z } from 'zod';
import { PackageConflictError, PackageValidationError } from '../../packages/errors';
import { DeliveryStartError, masvManifestBody, parseWebhookBody, servicePackageBody, type PackageIntake } from '../../packages/intake';
import { errorResponse } from '../schemas';
import { requireWebhookAuth } from '../webhook-auth';

export interface WebhookRoutesOptions {
  intake: PackageIntake;
  webhookSecret: string;
  /** Clock for the signature timestamp check, in milliseconds; the system clock unless a test fixes it. */
  now?: () => number;
}

// A manifest of 100,000 files with 300-byte entries is about 30 MiB.
const webhookBodyLimitBytes = 64 * 1024 * 1024;

/** The deliveries started for a package, or attached to when they were already running. */
export const startedDeliveriesResponse = z.object({
  packageId: z.string(),
  deliveries: z.array(z.object({ integrationId: z.string(), deliveryId: z.string() })),
});

const packageAcceptedResponse = startedDeliveriesResponse.extend({
  created: z.boolean().describe('False for a repeated event, which stored nothing new'),
});

const tags = ['webhooks'];

/**
 * Registers the transfer service's package webhook. The body stays raw bytes until
 * the signature over them is verified, and only then parsed as JSON.
 */
// Fastify plugins are async functions even when they register routes synchronously.
// eslint-disable-next-line @typescript-eslint/require-await
export const webhookRoutes: FastifyPluginAsyncZod<WebhookRoutesOptions> = async (app, { intake, webhookSecret, now }) => {
  // The parser is replaced in this plugin's scope only; other routes keep Fastify's JSON parser.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: webhookBodyLimitBytes }, (_request, body, done) => {
    done(null, body);
  });

  app.post(
    '/webhooks/packages',
    {
      schema: {
        tags,
        summary: 'Store a received package and start one delivery per integration that serves its portal',
        description:
          'Authenticated by "X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \'<t>.<raw body>\'>" with WEBHOOK_SECRET, ' +
          'at most 5 minutes from the server clock, or by the secret itself in X-Webhook-Secret. ' +
          'The body is the service package or a MASV transfer manifest. A repeated event with the same body returns the same deliveries.',
        security: [{ webhookSignature: [] }, { webhookSecret: [] }],
        body: z.union([servicePackageBody, masvManifestBody]),
        response: { 202: packageAcceptedResponse, 400: errorResponse, 401: errorResponse, 409: errorResponse, 503: errorResponse },
      },
      // The body stays a Buffer through validation; the handler parses and validates it after authentication.
      validatorCompiler: () => (data: unknown) => ({ value: data }),
      preValidation: requireWebhookAuth(webhookSecret, now),
    },
    async (request, reply) => receivePackage(intake, request, reply),
  );
};

async function receivePackage(intake: PackageIntake, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const rawBody: unknown = request.body;
  let json: unknown;
  try {
    json = secureJson.parse(Buffer.isBuffer(rawBody) ? rawBody.toString('utf8') : '', undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    request.log.warn({ err: error }, 'package webhook rejected: body is not valid JSON');
    return reply.code(400).send({ error: 'invalid_json', message: `The body is not valid JSON: ${(error as Error).message}.` });
  }

  const parsed = parseWebhookBody(json);
  if ('issues' in parsed) return rejectInvalid(request, reply, parsed.issues, undefined);

  try {
    const received = await intake.receive(parsed.newPackage);
    request.log.info(
      { packageId: received.package.id, shape: parsed.shape, created: received.created, deliveryCount: received.deliveries.length },
      'package webhook accepted',
    );
    return await reply.code(202).send({ packageId: received.package.id, created: received.created, deliveries: received.deliveries });
  } catch (error) {
    const packageId = parsed.newPackage.id;
    if (error instanceof PackageValidationError) {
      const issues = error.issues.map((issue) => ({ field: parsed.bodyField(issue.field), message: issue.message }));
      return rejectInvalid(request, reply, issues, packageId);
    }
    if (error instanceof PackageConflictError) {
      request.log.warn({ packageId, differentFields: error.differentFields }, 'package webhook rejected: the id is stored with different content');
      return reply.code(409).send({ error: 'conflict', message: error.message });
    }
    if (error instanceof DeliveryStartError) {
      // Already logged per integration by the intake.
      return reply.code(503).send({ error: 'delivery_start_failed', message: error.message });
    }
    throw error;
  }
}

function rejectInvalid(request: FastifyRequest, reply: FastifyReply, issues: { field: string; message: string }[], packageId: string | undefined): FastifyReply {
  const withPrefix = issues.map((issue) => ({ field: issue.field === 'body' ? 'body' : `body.${issue.field}`, message: issue.message }));
  request.log.warn({ packageId, fields: withPrefix.map((issue) => issue.field) }, 'package webhook rejected: invalid body');
  return reply.code(400).send({
    error: 'invalid_request',
    message: `Invalid package: ${withPrefix.map((issue) => `${issue.field} ${issue.message}`).join('; ')}`,
    issues: withPrefix,
  });
}
