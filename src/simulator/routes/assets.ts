import { randomUUID } from 'node:crypto';
import { badRequest } from '../http/errors';
import type { SimRoute } from '../http/routing';
import { ancestorCollections, containingCollections } from '../domain/collections';
import { isCloudMethod, objectLocation } from '../domain/naming';
import type { IconikObject } from '../state/types';
import { asRecord, assignFields, findAsset, type RouteContext } from './context';

const writableFields = ['title', 'type', 'external_id', 'external_link', 'category', 'status', 'is_online', 'archive_status', 'analyze_status', 'custom_keyframe', 'custom_poster', 'warning'] as const;

/** Returns the asset as a search-index document, the shape of collection contents and search results. */
export function assetDocument(context: RouteContext, asset: IconikObject): Record<string, unknown> {
  const containers = containingCollections(context.store.state, asset.id);
  return { ...asset, object_type: 'assets', in_collections: containers, ancestor_collections: ancestorCollections(context.store.state, containers) };
}

export function assetRoutes(context: RouteContext): SimRoute[] {
  const state = () => context.store.state;
  return [
    {
      method: 'POST',
      service: 'assets',
      specPath: '/v1/assets/',
      handle: (request) => {
        const body = asRecord(request.body);
        const assign = request.query.assign_to_collection === 'true';
        const collectionId = typeof body.collection_id === 'string' ? body.collection_id : undefined;
        if (assign && (collectionId === undefined || state().collections[collectionId] === undefined)) {
          throw badRequest('collection_id', `assign_to_collection=true needs an existing collection_id, got ${collectionId ?? 'none'}.`);
        }
        const now = context.store.now().toISOString();
        const userId = request.principal.user.id;
        const asset: IconikObject = {
          id: randomUUID(),
          title: body.title,
          type: 'ASSET',
          status: 'ACTIVE',
          is_online: false,
          archive_status: 'NOT_ARCHIVED',
          analyze_status: 'N/A',
          external_id: null,
          category: null,
          created_by_user: userId,
          updated_by_user: userId,
          date_created: now,
          date_modified: now,
          versions: [{ id: randomUUID(), status: 'ACTIVE', version_number: 1, created_by_user: userId, date_created: now, analyze_status: 'N/A', archive_status: 'NOT_ARCHIVED', is_online: false }],
        };
        assignFields(asset, body, writableFields);
        state().assets[asset.id] = asset;
        context.store.indexLater(asset.id);
        // Iconik places the asset in collection_id only when assign_to_collection=true is sent too.
        if (assign && collectionId !== undefined) {
          state().contents.push({ collection_id: collectionId, object_id: asset.id, object_type: 'assets', date_created: now });
        }
        request.log.info({ assetId: asset.id, externalId: asset.external_id }, 'asset created');
        return { status: 201, body: asset };
      },
    },
    {
      method: 'GET',
      service: 'assets',
      specPath: '/v1/assets/{asset_id}/',
      handle: (request) => {
        const asset = findAsset(context, request.params.asset_id ?? '');
        const body = request.query.include_collections === 'true' ? { ...asset, in_collections: containingCollections(state(), asset.id) } : asset;
        return { status: 200, body };
      },
    },
    {
      method: 'PATCH',
      service: 'assets',
      specPath: '/v1/assets/{asset_id}/',
      partialBody: true,
      handle: (request) => {
        const asset = findAsset(context, request.params.asset_id ?? '');
        assignFields(asset, asRecord(request.body), writableFields);
        asset.date_modified = context.store.now().toISOString();
        asset.updated_by_user = request.principal.user.id;
        return { status: 200, body: asset };
      },
    },
    {
      // Deleting moves the asset to the recycle bin: it keeps answering GET with status DELETED.
      method: 'DELETE',
      service: 'assets',
      specPath: '/v1/assets/{asset_id}/',
      handle: (request) => {
        const asset = findAsset(context, request.params.asset_id ?? '');
        asset.status = 'DELETED';
        asset.date_deleted = context.store.now().toISOString();
        asset.deleted_by_user = request.principal.user.id;
        request.log.info({ assetId: asset.id }, 'asset deleted');
        return { status: 204 };
      },
    },
    {
      // Purging removes the asset and everything under it at once. Objects in
      // storage go too when the storage allows delete, as in Iconik.
      method: 'DELETE',
      service: 'assets',
      specPath: '/v1/assets/{asset_id}/purge/',
      handle: async (request) => {
        const asset = findAsset(context, request.params.asset_id ?? '');
        const files = Object.values(state().files).filter((file) => file.asset_id === asset.id);
        for (const file of files) {
          const storage = state().storages[String(file.storage_id)];
          if (context.storage !== undefined && storage !== undefined && storage.settings.delete && isCloudMethod(storage.method)) {
            await context.storage.byMethod[storage.method].deleteObject(objectLocation(storage, String(file.directory_path), String(file.name)));
          }
          delete state().files[file.id];
        }
        for (const table of [state().formats, state().fileSets, state().keyframes]) {
          for (const [id, object] of Object.entries(table)) if (object.asset_id === asset.id) delete table[id];
        }
        for (const [key, values] of Object.entries(state().metadataValues)) if (values.object_id === asset.id) delete state().metadataValues[key];
        state().contents = state().contents.filter((link) => link.object_id !== asset.id);
        delete state().assets[asset.id];
        request.log.info({ assetId: asset.id, files: files.length }, 'asset purged');
        return { status: 204 };
      },
    },
  ];
}
