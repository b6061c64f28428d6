import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { describePackage } from '../../activities/delivery/preflight';
import { loadMetadataSchema, powerUserProblem } from '../../connect/metadata-schema';
import type { Package } from '../../domain/package';
import { IntegrationNotFoundError } from '../../integrations/errors';
import type { IntegrationRepository } from '../../integrations/repository';
import { computeMetadata, type MetadataProblem } from '../../metadata';
import type { PackageRepository } from '../../packages/repository';
import { errorResponse, integrationParams, metadataProblem } from '../schemas';
import type { IconikClientFactory } from './integrations';

export interface MetadataDryRunOptions {
  integrations: IntegrationRepository;
  createIconikClient: IconikClientFactory;
  /** The package store, to dry-run a stored package by id; without it only sample packages are accepted. */
  packages?: Pick<PackageRepository, 'get'>;
}

const formValue = z.union([z.string(), z.array(z.string())]);

const dryRunBody = z.union([
  z.strictObject({ packageId: z.string().min(1).describe('Id of a stored package') }),
  z
    .strictObject({
      name: z.string().min(1),
      description: z.string().nullable().default(null),
      senderEmail: z.string().min(1),
      portal: z.strictObject({ id: z.string(), name: z.string() }).nullable().default(null),
      metadata: z.record(z.string(), formValue).default({}),
    })
    .describe('A sample package'),
]);

const metadataBody = z.object({ metadata_values: z.record(z.string(), z.object({ field_values: z.array(z.object({ value: z.union([z.string(), z.number(), z.boolean()]) })) })) });

const dryRunResponse = z.object({
  integrationId: z.string(),
  syncMetadata: z.boolean(),
  powerUser: z.object({ ok: z.boolean(), type: z.string().nullable() }),
  viewId: z.string(),
  viewName: z.string().nullable(),
  assetBody: metadataBody.nullable().describe('The body of the PUT on each asset, or null when a delivery would write none'),
  collectionBody: metadataBody.nullable().describe('The body of the PUT on the package collection, or null when a delivery would write none'),
  descriptionIncluded: z.boolean().describe('Whether the bodies carry the asset description, because its field is in the view'),
  fields: z.array(z.object({ source: z.string(), iconikField: z.string(), input: formValue.nullable(), values: z.array(z.union([z.string(), z.number(), z.boolean()])) })),
  unmapped: z.object({ lines: z.array(z.string()), destination: z.union([z.object({ catchAllField: z.string() }), z.object({ listInStatus: z.literal(true) })]) }),
  problems: z.array(metadataProblem),
});

/** `POST /integrations/:id/metadata/dry-run`: shows what a delivery would write as package metadata, and writes nothing. */
// Fastify plugins are async functions even when they register routes synchronously.
// eslint-disable-next-line @typescript-eslint/require-await
export const metadataDryRunRoutes: FastifyPluginAsyncZod<MetadataDryRunOptions> = async (app, { integrations, createIconikClient, packages }) => {
  app.post(
    '/integrations/:id/metadata/dry-run',
    {
      schema: {
        tags: ['integrations'],
        summary: "Show the metadata a delivery would write for a package, without writing to Iconik",
        description: 'Send a stored packageId, or a sample package with name, description, senderEmail, portal and metadata.',
        params: integrationParams,
        body: dryRunBody,
        response: { 200: dryRunResponse, 400: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request, reply) => {
      const integration = await integrations.get(request.params.id);
      if (integration === undefined) throw new IntegrationNotFoundError(request.params.id);
      const mapping = integration.metadataMapping;
      if (mapping === null) {
        return reply.code(409).send({ error: 'no_metadata_mapping', message: `Integration ${integration.id} has no metadata mapping: set metadataMapping with PATCH /integrations/${integration.id} first.` });
      }

      const body = request.body;
      let pkg: Package;
      if ('packageId' in body) {
        if (packages === undefined) return reply.code(400).send({ error: 'invalid_request', message: 'This server has no package store: send a sample package instead of packageId.' });
        const found = await packages.get(body.packageId);
        if (found === undefined) return reply.code(404).send({ error: 'not_found', message: `Package ${body.packageId} not found: check the id, or send a sample package instead.` });
        pkg = found;
      } else {
        pkg = { id: 'dry-run', name: body.name, portal: body.portal, uploaderEmail: body.senderEmail, recipients: [], description: body.description, metadata: body.metadata, downloadUrl: null, fileCount: 0, totalBytes: 0, receivedAt: new Date().toISOString() };
      }

      const credentials = await integrations.getCredentials(integration.id);
      const client = createIconikClient({ baseUrl: integration.iconikBaseUrl, appId: credentials.appId, token: credentials.token });
      const user = await client.currentUser();
      const schema = await loadMetadataSchema(client, mapping.viewId, integration.descriptionField);
      const computed = computeMetadata({
        mapping,
        schema,
        package: { name: pkg.name, description: pkg.description, senderEmail: pkg.uploaderEmail, metadata: pkg.metadata },
        descriptionText: integration.descriptionField === null ? null : describePackage(pkg),
      });

      const blockers: MetadataProblem[] = [];
      const powerUser = { ok: user.type === 'POWER', type: user.type ?? null };
      if (!powerUser.ok) blockers.push({ formField: null, iconikField: null, message: `${powerUserProblem(user.email ?? user.id, powerUser.type)} A delivery writes no package metadata until then.` });
      if (!integration.syncMetadata) blockers.push({ formField: null, iconikField: null, message: 'syncMetadata is off, so a delivery writes no package metadata: turn it on with PATCH /integrations/{id} to write these values.' });
      const written = computed.writable && blockers.length === 0;
      const metadataValues = written ? { metadata_values: computed.values } : null;

      request.log.info({ integrationId: integration.id, packageId: pkg.id, viewId: mapping.viewId, problems: computed.problems.length + blockers.length }, 'metadata dry run');
      return {
        integrationId: integration.id,
        syncMetadata: integration.syncMetadata,
        powerUser,
        viewId: computed.viewId,
        viewName: computed.viewName,
        assetBody: metadataValues,
        collectionBody: metadataValues,
        descriptionIncluded: written && computed.includesDescription,
        fields: computed.fields,
        unmapped: computed.unmapped,
        problems: [...blockers, ...computed.problems],
      };
    },
  );
};
