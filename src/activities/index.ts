import type { Logger } from '../logging/logger';
import type { NotificationDependencies } from '../notifications';
import { createNotificationActivities } from '../notifications';
import { createTransferActivities, type TransferDependencies } from '../transfer';
import { createCollectionActivities } from './delivery/collections';
import type { DeliveryActivityDependencies } from './delivery/deps';
import { createFileActivities } from './delivery/files';
import { createMetadataActivities } from './delivery/metadata';
import { createNamingActivities } from './delivery/naming';
import { createPreflightActivities } from './delivery/preflight';
import { createPingActivities } from './ping';

export interface ActivityDependencies {
  logger: Logger;
  workerIdentity: string;
  delivery: DeliveryActivityDependencies;
  notifications: NotificationDependencies;
}

/** Builds every activity of the control task queue: Iconik calls, naming, notifications. */
export function createControlActivities(deps: ActivityDependencies) {
  return {
    ...createPingActivities(deps),
    ...createPreflightActivities(deps.delivery),
    ...createNamingActivities(deps.delivery),
    ...createCollectionActivities(deps.delivery),
    ...createFileActivities(deps.delivery),
    ...createMetadataActivities(deps.delivery),
    ...createNotificationActivities(deps.notifications),
  };
}

/** Builds the activity of the transfer task queue, which moves file bytes. */
export function createTransferQueueActivities(deps: TransferDependencies) {
  return createTransferActivities(deps);
}

export type ControlActivities = ReturnType<typeof createControlActivities>;
