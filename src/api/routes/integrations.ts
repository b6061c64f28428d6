import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { diagnoseIntegration } from '../../connect/diagnose';
import { verifyCredentials, type VerifyReport } from '../../connect/verify';
import type { IconikClient } from '../../iconik/client';
import { IntegrationNotFoundError } from '../../integrations/errors';
import type { IntegrationRepository } from '../../integrations/repository';
import {
  createIntegrationBody,
  credentialsBody,
  errorResponse,
  integrationParams,
  integrationResponse,
  listQuery,
  metadataProblem,
  updateIntegrationBody,
} from '../schemas';
import { checkMetadataSettings } from './metadata-settings';

export type IconikClientFactory = (credentials: { baseUrl: string; appId: string; token: string }) => IconikClient;

export interface IntegrationRoutesOptions {
  integrations: IntegrationRepository;
  createIconikClient: IconikClientFactory;
}

const tags = ['integrations'];

// A rejected save carries the verify report, or the metadata mapping problems.
const rejectedSave = errorResponse.extend({ report: z.unknown().optional(), problems: z.array(metadataProblem).optional() });

/** The connect flow: verify credentials, save, read, change and delete integrations, and diagnose one. */
// Fastify plugins are async functions even when they register routes synchronously.
// eslint-disable-next-line @typescript-eslint/require-await
export const integrationRoutes: FastifyPluginAsyncZod<IntegrationRoutesOptions> = async (app, { integrations, createIconikClient }) => {
  app.post(
    '/integrations/verify',
    { schema: { tags, summary: 'Check an App ID and token against Iconik and list the storages a delivery can use', body: credentialsBody } },
    async (request) => {
      const { iconikBaseUrl, appId, token } = request.body;
      return verifyCredentials(createIconikClient({ baseUrl: iconikBaseUrl, appId, token }), appId);
    },
  );

  app.post(
    '/integrations',
    {
      schema: {
        tags,
        summary: 'Verify the credentials and the chosen storage, then save the integration',
        description:
          'With syncMetadata on, the Iconik user must be a Power user and metadataMapping must be set. A metadataMapping is checked against the Iconik view and fields; a 422 answer lists every problem.',
        body: createIntegrationBody,
        response: { 201: integrationResponse, 400: errorResponse, 422: rejectedSave },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const client = createIconikClient({ baseUrl: body.iconikBaseUrl, appId: body.appId, token: body.token });
      const report = await verifyCredentials(client, body.appId);
      const rejection = storageRejection(report, body.storageId);
      if (rejection !== undefined) {
        return reply.code(422).send({ error: 'verification_failed', message: rejection, report });
      }
      const metadataRejection = await checkMetadataSettings(
        client,
        { name: report.user?.name ?? body.appId, type: report.user?.type ?? null, admin: report.user?.admin ?? false },
        { syncMetadata: body.syncMetadata ?? false, metadataMapping: body.metadataMapping ?? null, descriptionField: body.descriptionField ?? null },
      );
      if (metadataRejection !== undefined) {
        request.log.warn({ appId: body.appId, error: metadataRejection.error, problems: metadataRejection.problems.length }, 'integration not saved: metadata settings rejected');
        return reply.code(422).send(metadataRejection);
      }
      const integration = await integrations.create(body);
      request.log.info({ integrationId: integration.id, storageId: integration.storageId }, 'integration connected');
      return reply.code(201).send(integration);
    },
  );

  app.get(
    '/integrations',
    { schema: { tags, summary: 'List integrations with their status', querystring: listQuery, response: { 200: z.object({ integrations: z.array(integrationResponse) }) } } },
    async (request) => ({ integrations: await integrations.list({ status: request.query.status }) }),
  );

  app.get(
    '/integrations/:id',
    { schema: { tags, summary: 'Read one integration (never its token)', params: integrationParams, response: { 200: integrationResponse, 404: errorResponse } } },
    async (request, reply) => {
      const integration = await integrations.get(request.params.id);
      if (integration === undefined) {
        return reply.code(404).send({ error: 'not_found', message: `Integration ${request.params.id} not found: list the integrations to find its current id.` });
      }
      return integration;
    },
  );

  app.patch(
    '/integrations/:id',
    {
      schema: {
        tags,
        summary: 'Change settings or replace the token; a new token is verified before it is saved',
        description: 'The Iconik base URL, App ID and storage cannot change: delete the integration and connect again.',
        params: integrationParams,
        body: updateIntegrationBody,
        response: { 200: integrationResponse, 400: errorResponse, 404: errorResponse, 422: rejectedSave },
      },
    },
    async (request, reply) => {
      const existing = await integrations.get(request.params.id);
      if (existing === undefined) {
        return reply.code(404).send({ error: 'not_found', message: `Integration ${request.params.id} not found: list the integrations to find its current id.` });
      }
      const fixed = (['iconikBaseUrl', 'appId', 'storageId'] as const).filter((field) => request.body[field] !== undefined);
      if (fixed.length > 0) {
        const issues = fixed.map((field) => ({
          field: `body.${field}`,
          message: 'cannot change: it identifies the Iconik account or storage, so delete the integration and connect again',
        }));
        return reply.code(400).send({ error: 'invalid_request', message: `Invalid request: ${issues.map((issue) => `${issue.field} ${issue.message}`).join('; ')}`, issues });
      }
      const { iconikBaseUrl: _baseUrl, appId: _appId, storageId: _storageId, ...changes } = request.body;
      const token = changes.token ?? (await integrations.getCredentials(existing.id)).token;
      const client = createIconikClient({ baseUrl: existing.iconikBaseUrl, appId: existing.appId, token });
      if (changes.token !== undefined) {
        const report = await verifyCredentials(client, existing.appId);
        if (!report.credentials.ok) {
          return reply.code(422).send({ error: 'verification_failed', message: `The new token was not saved: ${report.credentials.message}`, report });
        }
      }
      const metadata = {
        syncMetadata: changes.syncMetadata ?? existing.syncMetadata,
        metadataMapping: changes.metadataMapping === undefined ? existing.metadataMapping : changes.metadataMapping,
        descriptionField: changes.descriptionField === undefined ? existing.descriptionField : changes.descriptionField,
      };
      const metadataTouched = [changes.syncMetadata, changes.metadataMapping, changes.descriptionField, changes.token].some((value) => value !== undefined);
      if (metadataTouched && (metadata.syncMetadata || metadata.metadataMapping !== null || metadata.descriptionField !== null)) {
        const user = await client.currentUser();
        const metadataRejection = await checkMetadataSettings(client, { name: user.email ?? user.id, type: user.type ?? null, admin: user.is_admin === true }, metadata);
        if (metadataRejection !== undefined) {
          request.log.warn({ integrationId: existing.id, error: metadataRejection.error, problems: metadataRejection.problems.length }, 'integration not updated: metadata settings rejected');
          return reply.code(422).send(metadataRejection);
        }
      }
      const integration = await integrations.update(request.params.id, changes);
      request.log.info({ integrationId: integration.id, fields: Object.keys(changes) }, 'integration updated');
      return integration;
    },
  );

  app.delete(
    '/integrations/:id',
    { schema: { tags, summary: 'Delete an integration and its stored token', params: integrationParams } },
    async (request, reply) => {
      await integrations.delete(request.params.id);
      request.log.info({ integrationId: request.params.id }, 'integration deleted');
      return reply.code(204).send();
    },
  );

  app.post(
    '/integrations/:id/diagnose',
    { schema: { tags, summary: 'Run every troubleshooting check, including a real test upload, and record the status', params: integrationParams } },
    async (request) => {
      const integration = await integrations.get(request.params.id);
      if (integration === undefined) throw new IntegrationNotFoundError(request.params.id);
      const credentials = await integrations.getCredentials(integration.id);
      const client = createIconikClient({ baseUrl: integration.iconikBaseUrl, appId: credentials.appId, token: credentials.token });
      const report = await diagnoseIntegration({ client, storageId: integration.storageId });

      const failed = report.checks.filter((check) => check.status === 'fail');
      await integrations.setStatus(
        integration.id,
        failed.length === 0 ? { kind: 'ok' } : { kind: 'error', message: failed.map((check) => `${check.name}: ${check.detail}`).join('; ') },
      );
      request.log.info({ integrationId: integration.id, ok: report.ok, failed: failed.map((check) => check.name) }, 'integration diagnosed');
      return report;
    },
  );
};

/** Returns why the integration cannot be saved, or undefined when the credentials work and the storage qualifies. */
function storageRejection(report: VerifyReport, storageId: string): string | undefined {
  if (!report.credentials.ok) return report.credentials.message;
  const missingRoles = report.roles?.missing ?? [];
  if (missingRoles.length > 0) return report.problems.join(' ');
  if (report.storages?.eligible.some((storage) => storage.id === storageId)) return undefined;
  const ineligible = report.storages?.ineligible.find((storage) => storage.id === storageId);
  if (ineligible !== undefined) {
    return `The storage "${ineligible.name}" (${storageId}) cannot receive deliveries: ${ineligible.reasons.join('; ')}. Choose one of the eligible storages.`;
  }
  return `Storage ${storageId} is not one of the Iconik account's storages: choose one of the eligible storages that verify lists.`;
}
