import swagger from '@fastify/swagger';
import Fastify from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DeliveryStarter } from '../domain/delivery';
import type { IntegrationRepository } from '../integrations/repository';
import type { Logger } from '../logging/logger';
import { createPackageIntake } from '../packages/intake';
import type { PackageRepository } from '../packages/repository';
import { requireAdminToken } from './admin-auth';
import type { DeliveryControl } from '../deliveries/control';
import { handleApiError } from './error-handler';
import { deliveryRoutes } from './routes/deliveries';
import { integrationRoutes, type IconikClientFactory } from './routes/integrations';
import { metadataDryRunRoutes } from './routes/metadata-dry-run';
import { packageRoutes } from './routes/packages';
import { webhookRoutes } from './routes/webhooks';

export interface ApiDependencies {
  logger: Logger;
  adminToken: string;
  integrations: IntegrationRepository;
  createIconikClient: IconikClientFactory;
  /** Dependencies of the package webhook and the package routes; without them the server serves only the integration routes. */
  packageIntake?: PackageIntakeDependencies;
  /** Steers running deliveries; without it the delivery routes are not served. */
  deliveries?: DeliveryControl;
}

export interface PackageIntakeDependencies {
  packages: PackageRepository;
  deliveries: DeliveryStarter;
  /** WEBHOOK_SECRET, which signs package webhooks. */
  webhookSecret: string;
  /** Clock of the webhook signature check, in milliseconds; the system clock unless a test fixes it. */
  now?: () => number;
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
      components: {
        securitySchemes: {
          adminToken: { type: 'http', scheme: 'bearer' },
          webhookSignature: { type: 'apiKey', in: 'header', name: 'X-Signature' },
          webhookSecret: { type: 'apiKey', in: 'header', name: 'X-Webhook-Secret' },
        },
      },
      security: [{ adminToken: [] }],
    },
    transform: jsonSchemaTransform,
  });
  app.get('/docs', { schema: { hide: true } }, () => app.swagger());
  app.get('/docs/json', { schema: { hide: true } }, () => app.swagger());

  app.get('/healthz', { schema: { hide: true } }, () => ({ status: 'ok' }));

  const intakeDeps = deps.packageIntake;
  const intake =
    intakeDeps === undefined
      ? undefined
      : createPackageIntake({ packages: intakeDeps.packages, integrations: deps.integrations, deliveries: intakeDeps.deliveries, logger: deps.logger });
  if (intakeDeps !== undefined && intake !== undefined) {
    await app.register(webhookRoutes, { intake, webhookSecret: intakeDeps.webhookSecret, now: intakeDeps.now });
  }

  await app.register(async (admin) => {
    admin.addHook('onRequest', requireAdminToken(deps.adminToken));
    await admin.register(integrationRoutes, { integrations: deps.integrations, createIconikClient: deps.createIconikClient });
    await admin.register(metadataDryRunRoutes, { integrations: deps.integrations, createIconikClient: deps.createIconikClient, packages: intakeDeps?.packages });
    if (intakeDeps !== undefined && intake !== undefined) await admin.register(packageRoutes, { packages: intakeDeps.packages, intake });
    if (deps.deliveries !== undefined) await admin.register(deliveryRoutes, { deliveries: deps.deliveries });
  });

  return app;
}

export type ApiServer = Awaited<ReturnType<typeof buildApiServer>>;
