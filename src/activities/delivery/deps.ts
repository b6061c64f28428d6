import type { Client } from '@temporalio/client';
import type { Package, PackageFile } from '../../domain/package';
import type { IconikClient } from '../../iconik/client';
import type { IntegrationRepository } from '../../integrations/repository';
import type { Logger } from '../../logging/logger';

/** The part of the package store that deliveries read. */
export interface PackageReader {
  get(id: string): Promise<Package | undefined>;
  listFiles(packageId: string, page: { afterPath?: string; limit: number }): Promise<PackageFile[]>;
}

/** What the delivery activities are built from. */
export interface DeliveryActivityDependencies {
  integrations: IntegrationRepository;
  packages: PackageReader;
  createIconikClient: (credentials: { baseUrl: string; appId: string; token: string; signal?: AbortSignal }) => IconikClient;
  /** Used to reach the name allocator workflow. */
  temporal: Client;
  taskQueue: string;
  logger: Logger;
}

/** Builds the Iconik client of an integration from its stored credentials. */
export async function iconikFor(deps: DeliveryActivityDependencies, integrationId: string, signal?: AbortSignal): Promise<IconikClient> {
  const integration = await deps.integrations.get(integrationId);
  if (integration === undefined) throw new Error(`integration ${integrationId} not found`);
  const credentials = await deps.integrations.getCredentials(integrationId);
  return deps.createIconikClient({ baseUrl: integration.iconikBaseUrl, appId: credentials.appId, token: credentials.token, signal });
}
