import type { SimRoute } from '../http/routing';
import { assetRoutes } from './assets';
import { authAndUserRoutes } from './auth-users';
import { collectionRoutes } from './collections';
import type { RouteContext } from './context';
import { fileSetRoutes } from './file-sets';
import { fileRoutes } from './files';
import { formatRoutes } from './formats';
import { jobRoutes } from './jobs';
import { keyframeRoutes, type PendingJobs } from './keyframes';
import { metadataRoutes } from './metadata';
import { b2MultipartRoutes, s3MultipartRoutes } from './multipart';
import { searchRoutes } from './search';
import { storageRoutes } from './storages';

/** Every Iconik operation the simulator serves. */
export function iconikRoutes(context: RouteContext, pendingJobs: PendingJobs): SimRoute[] {
  return [
    ...authAndUserRoutes(context),
    ...storageRoutes(context),
    ...collectionRoutes(context),
    ...assetRoutes(context),
    ...formatRoutes(context),
    ...fileSetRoutes(context),
    ...fileRoutes(context),
    ...s3MultipartRoutes(context),
    ...b2MultipartRoutes(context),
    ...keyframeRoutes(context, pendingJobs),
    ...jobRoutes(context),
    ...metadataRoutes(context),
    ...searchRoutes(context),
  ];
}
