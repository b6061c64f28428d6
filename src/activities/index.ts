import type { Logger } from '../logging/logger';
import { createPingActivities } from './ping';

export interface ActivityDependencies {
  logger: Logger;
  workerIdentity: string;
}

/** Builds every activity the worker registers, each from the dependencies it needs. */
export function createActivities(deps: ActivityDependencies) {
  return {
    ...createPingActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
