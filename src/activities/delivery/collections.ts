import { externalId, firstFreeName } from '../../domain/layout';
import type { IconikClient } from '../../iconik/client';
import { iconikFor, type DeliveryActivityDependencies } from './deps';

/**
 * Returns the id of the child collection with this title under the parent
 * (or among root collections), creating it when there is none. Titles are
 * not unique in Iconik, so the oldest match wins. Lookups read Iconik's
 * search index, so callers must serialize creations of the same path.
 */
export async function ensureChildCollection(client: IconikClient, parentId: string | null, title: string, external?: string): Promise<{ id: string; created: boolean }> {
  if (external !== undefined && parentId !== null) {
    const [byExternalId] = await client.listCollectionContents(parentId, { objectTypes: 'collections', externalId: external });
    if (byExternalId !== undefined) return { id: byExternalId.id, created: false };
  }
  const candidates = parentId === null ? await client.listRootCollections() : await client.listCollectionContents(parentId, { objectTypes: 'collections' });
  const existing = candidates.find((candidate) => candidate.title === title && (external === undefined || candidate.external_id == null || candidate.external_id === external));
  if (existing !== undefined) return { id: existing.id, created: false };
  const created = await client.createCollection({ title, ...(parentId === null ? {} : { parent_id: parentId }), ...(external === undefined ? {} : { external_id: external }) });
  return { id: created.id, created: true };
}

export interface ClaimNameInput {
  integrationId: string;
  packageId: string;
  baseName: string;
  parentSegments: string[];
  /** Names this allocator already gave out under the same parent, which the search index may not show yet. */
  claimedNames: string[];
}

export interface ClaimedName {
  name: string;
  packageCollectionId: string;
  /** True when an earlier run of the same package had already made the collection. */
  reused: boolean;
}

export function createCollectionActivities(deps: DeliveryActivityDependencies) {
  return {
    /**
     * Makes sure the parent collections exist, then picks the first free
     * name for the package under them and creates its collection. A package
     * that already has a collection there (an earlier run) gets it back.
     */
    async claimPackageCollection(input: ClaimNameInput): Promise<ClaimedName> {
      const client = await iconikFor(deps, input.integrationId);
      let parentId: string | null = null;
      for (const segment of input.parentSegments) parentId = (await ensureChildCollection(client, parentId, segment)).id;
      if (parentId === null) throw new Error('a package always has at least one parent collection');

      const packageKey = externalId('package', input.integrationId, input.packageId);
      const [earlier] = await client.listCollectionContents(parentId, { objectTypes: 'collections', externalId: packageKey });
      if (earlier !== undefined) return { name: earlier.title, packageCollectionId: earlier.id, reused: true };

      const siblings = await client.listCollectionContents(parentId, { objectTypes: 'collections' });
      const taken = new Set([...siblings.map((sibling) => sibling.title), ...input.claimedNames]);
      // TODO: also count directories already in storage under the parent path as used names. The service
      // has no storage credentials, and it does not read Iconik's storage file listing yet.
      const name = firstFreeName(input.baseName, taken);
      const collection = await client.createCollection({ title: name, parent_id: parentId, external_id: packageKey });
      deps.logger.info({ integrationId: input.integrationId, packageId: input.packageId, name, collectionId: collection.id }, 'package collection created');
      return { name, packageCollectionId: collection.id, reused: false };
    },

    /**
     * Creates the collections of the given folders under the package
     * collection, parents before children, reusing those that exist. Returns
     * the collection id of every folder given and of their ancestors.
     */
    async ensureFolderCollections(input: {
      integrationId: string;
      packageId: string;
      packageCollectionId: string;
      /** Folder paths already known, with their collection ids. */
      known: Record<string, string>;
      folders: string[];
    }): Promise<Record<string, string>> {
      const client = await iconikFor(deps, input.integrationId);
      const ids: Record<string, string> = { ...input.known };
      const ordered = [...new Set(input.folders.flatMap((folder) => folder.split('/').map((_s, i, all) => all.slice(0, i + 1).join('/'))))].sort(
        (a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b),
      );
      for (const folder of ordered) {
        if (ids[folder] !== undefined) continue;
        const slash = folder.lastIndexOf('/');
        const parentId = slash === -1 ? input.packageCollectionId : ids[folder.slice(0, slash)];
        if (parentId === undefined) throw new Error(`folder ${folder} has no parent collection`);
        const title = folder.slice(slash + 1);
        ids[folder] = (await ensureChildCollection(client, parentId, title, externalId('folder', input.integrationId, input.packageId, folder))).id;
      }
      return ids;
    },
  };
}

export type CollectionActivities = ReturnType<typeof createCollectionActivities>;
