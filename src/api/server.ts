import swagger from '@fastify/swagger';
import Fastify from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { IntegrationRepository } from '../integrations/repository';
import type { Logger } from '../logging/logger';
import { requireAdminToken } from './admin-auth';
import { handleApiError } from './error-handler';
import { integrationRoutes, type IconikClientFactory } from './routes/integrations';

export interface ApiDependencies {
  logger: Logger;
  adminToken: string;
  integrations: IntegrationRepository;
  createIconikClient: IconikClientFactory;
}

/**
 * Builds the HTTP API with every route registered; the caller decides where
 * it listens. The OpenAPI document is served, without the admin token, at
 * /docs (and /docs/json).
 */
export async function buildApiServer(deps: ApiDependencies) {
  const app = Fastify({ loggerInstance: deps.logger }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleApiError);

  await app.register(swagger, {
    openapi: {
      info: { title: 'iconik-delivery', description: 'Connects Iconik integrations and delivers packages into Iconik.', version: '0.1.0' },
      components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } } },
      security: [{ adminToken: [] }],
    },
    transform: jsonSchemaTransform,
  });
  app.get('/docs', { schema: { hide: true } }, () => app.swagger());
  app.get('/docs/json', { schema: { hide: true } }, () => app.swagger());

  app.get('/healthz', { schema: { hide: true } }, () => ({ status: 'ok' }));

  await app.register(async (admin) => {
    admin.addHook('onRequest', requireAdminToken(deps.adminToken));
    await admin.register(integrationRoutes, { integrations: deps.integrations, createIconikClient: deps.createIconikClient });
  });

  return app;
}

export type ApiServer = Awaited<ReturnType<typeof buildApiServer>>;
