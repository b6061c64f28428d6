import type { DeliveryStarter } from '../../domain/delivery';
import type { NewPackage, Package } from '../../domain/package';
import type { Integration } from '../../integrations/types';
import type { IntegrationRepository } from '../../integrations/repository';
import type { Logger } from '../../logging/logger';
import type { PackageRepository } from '../repository';

/** A delivery the intake started, or attached to when it was already running. */
export interface StartedDelivery {
  integrationId: string;
  deliveryId: string;
}

export interface ReceivedPackage {
  package: Package;
  /** False for a repeated event: the package was already stored with the same content. */
  created: boolean;
  deliveries: StartedDelivery[];
}

export type SendToCloudOutcome =
  | { kind: 'started'; delivery: StartedDelivery }
  | { kind: 'package_not_found' }
  | { kind: 'integration_not_found' }
  | { kind: 'not_send_to_cloud'; integration: Integration };

/** Starting one or more deliveries failed; the package is stored, and a repeated event starts them again. */
export class DeliveryStartError extends Error {
  constructor(
    readonly packageId: string,
    readonly failures: { integrationId: string; error: Error }[],
  ) {
    super(
      `Starting the delivery of package ${packageId} failed for integration ${failures.map((failure) => failure.integrationId).join(', ')}: ` +
        `${failures[0]?.error.message ?? 'unknown error'}. The package is stored; send the event again to retry.`,
    );
    this.name = 'DeliveryStartError';
  }
}

export interface PackageIntakeDependencies {
  packages: PackageRepository;
  integrations: Pick<IntegrationRepository, 'findByPortal' | 'get'>;
  deliveries: DeliveryStarter;
  logger: Logger;
}

export interface PackageIntake {
  /**
   * Stores a package and starts one delivery per integration that serves its
   * portal. A package without portal is only stored: it is delivered by Send
   * to cloud. A repeated event stores nothing and calls the starter again,
   * which attaches to the deliveries already running.
   */
  receive(newPackage: NewPackage): Promise<ReceivedPackage>;
  /** Starts the delivery of a stored package through one integration that serves Send to cloud. */
  sendToCloud(packageId: string, integrationId: string): Promise<SendToCloudOutcome>;
}

export function createPackageIntake(deps: PackageIntakeDependencies): PackageIntake {
  const { packages, integrations, deliveries, logger } = deps;

  async function startAll(packageId: string, integrationIds: string[], options: { rerun?: boolean } = {}): Promise<StartedDelivery[]> {
    const results = await Promise.allSettled(integrationIds.map((integrationId) => deliveries.start({ integrationId, packageId }, options)));

    const started: StartedDelivery[] = [];
    const failures: { integrationId: string; error: Error }[] = [];
    results.forEach((result, index) => {
      const integrationId = integrationIds[index] ?? '';
      if (result.status === 'fulfilled') {
        started.push({ integrationId, deliveryId: result.value.deliveryId });
        logger.info({ packageId, integrationId, deliveryId: result.value.deliveryId, runId: result.value.runId }, 'delivery started or attached');
      } else {
        const error = result.reason instanceof Error ? result.reason : new Error(String(result.reason));
        failures.push({ integrationId, error });
        logger.error({ err: error, packageId, integrationId }, 'starting a delivery failed');
      }
    });
    if (failures.length > 0) throw new DeliveryStartError(packageId, failures);
    return started;
  }

  return {
    async receive(newPackage) {
      const saved = await packages.save(newPackage);
      const portal = saved.package.portal;
      if (portal === null) {
        logger.info({ packageId: saved.package.id }, 'package without portal stored; it is delivered by Send to cloud');
        return { ...saved, deliveries: [] };
      }

      const serving = await integrations.findByPortal(portal.id);
      if (serving.length === 0) {
        logger.info({ packageId: saved.package.id, portalId: portal.id }, 'package stored; no integration serves its portal, so no delivery starts');
        return { ...saved, deliveries: [] };
      }
      const started = await startAll(
        saved.package.id,
        serving.map((integration) => integration.id),
      );
      return { ...saved, deliveries: started };
    },

    async sendToCloud(packageId, integrationId) {
      const integration = await integrations.get(integrationId);
      if (integration === undefined) return { kind: 'integration_not_found' };
      if (!integration.sendToCloud) return { kind: 'not_send_to_cloud', integration };
      if ((await packages.get(packageId)) === undefined) return { kind: 'package_not_found' };

      // Send to cloud is a person's request, so it delivers a completed package again.
      const [delivery] = await startAll(packageId, [integrationId], { rerun: true });
      if (delivery === undefined) throw new Error(`The delivery starter returned no delivery for package ${packageId} and integration ${integrationId}.`);
      return { kind: 'started', delivery };
    },
  };
}
