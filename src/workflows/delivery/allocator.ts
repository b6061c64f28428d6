import { nonRetryableIconikErrors } from './retry-policy';
import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { ClaimedName, CollectionActivities } from '../../activities/delivery/collections';
import { claimNameUpdate, type ClaimNameRequest } from './messages';

interface ClaimRecord extends ClaimedName {
  packageId: string;
  parentKey: string;
}

export interface AllocatorState {
  claims: ClaimRecord[];
}

const { claimPackageCollection } = proxyActivities<CollectionActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 10, nonRetryableErrorTypes: nonRetryableIconikErrors },
});

// Claims older than this many are dropped at continue-as-new; by then
// Iconik's search index shows their collections, so they stay taken.
const claimsKept = 500;
const idleTimeout = '10 minutes';

/**
 * One name allocator per integration. It gives each package the first free
 * name under its parent collection, one claim at a time, so two packages of
 * the same name arriving together get different numbers, and a package that
 * claims again gets its earlier name back. It ends after a quiet spell; the
 * next claim starts it again.
 */
export async function nameAllocatorWorkflow(state: AllocatorState): Promise<void> {
  const claims = [...state.claims];
  let queue: Promise<unknown> = Promise.resolve();
  let requests = 0;

  setHandler(claimNameUpdate, (request) => {
    const turn = queue.then(() => claim(request));
    queue = turn.catch(() => undefined);
    return turn;
  });

  async function claim(request: ClaimNameRequest): Promise<ClaimedName> {
    requests++;
    const parentKey = request.parentSegments.join('/');
    const earlier = claims.find((record) => record.packageId === request.packageId && record.parentKey === parentKey);
    if (earlier !== undefined) return { name: earlier.name, packageCollectionId: earlier.packageCollectionId, reused: true };

    const claimedNames = claims.filter((record) => record.parentKey === parentKey).map((record) => record.name);
    const claimed = await claimPackageCollection({ ...request, claimedNames });
    claims.push({ ...claimed, packageId: request.packageId, parentKey });
    return claimed;
  }

  for (;;) {
    const seen = requests;
    const woken = await condition(() => workflowInfo().continueAsNewSuggested || requests !== seen, idleTimeout);
    if (woken && !workflowInfo().continueAsNewSuggested) continue;
    await condition(allHandlersFinished);
    if (woken) await continueAsNew<typeof nameAllocatorWorkflow>({ claims: claims.slice(-claimsKept) });
    return;
  }
}
