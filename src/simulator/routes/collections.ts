import { randomUUID } from 'node:crypto';
import { IconikError, badRequest, notFound } from '../http/errors';
import { pageEnvelope } from '../http/pagination';
import type { SimRoute } from '../http/routing';
import { ancestorCollections, containingCollections, parentChain } from '../domain/collections';
import type { IconikObject } from '../state/types';
import { asRecord, assignFields, byCreation, type RouteContext } from './context';
import { assetDocument } from './assets';

const writableFields = ['title', 'category', 'external_id', 'status', 'storage_id', 'custom_keyframe', 'custom_poster', 'keyframe_asset_ids'] as const;

function collectionJson(context: RouteContext, collection: IconikObject): Record<string, unknown> {
  return { ...collection, in_collections: containingCollections(context.store.state, collection.id) };
}

function collectionDocument(context: RouteContext, collection: IconikObject): Record<string, unknown> {
  const containers = containingCollections(context.store.state, collection.id);
  return { ...collection, in_collections: containers, ancestor_collections: ancestorCollections(context.store.state, containers) };
}

function findCollection(context: RouteContext, id: string): IconikObject {
  const collection = context.store.state.collections[id];
  if (collection === undefined) throw notFound('Collection', id);
  return collection;
}

export function collectionRoutes(context: RouteContext): SimRoute[] {
  const state = () => context.store.state;
  return [
    {
      method: 'POST',
      service: 'assets',
      specPath: '/v1/collections/',
      handle: (request) => {
        const body = asRecord(request.body);
        const parentId = typeof body.parent_id === 'string' ? body.parent_id : null;
        if (parentId !== null && state().collections[parentId] === undefined) throw badRequest('parent_id', `Collection ${parentId} does not exist.`);
        const now = context.store.now().toISOString();
        const collection: IconikObject = {
          id: randomUUID(),
          title: body.title,
          parent_id: parentId,
          parents: parentChain(state(), parentId),
          is_root: parentId === null,
          status: 'ACTIVE',
          external_id: null,
          storage_id: null,
          category: null,
          object_type: 'collections',
          permissions: ['read', 'write', 'delete', 'change-acl'],
          created_by_user: request.principal.user.id,
          date_created: now,
          date_modified: now,
        };
        assignFields(collection, body, writableFields);
        state().collections[collection.id] = collection;
        context.store.indexLater(collection.id);
        if (parentId !== null) {
          state().contents.push({ collection_id: parentId, object_id: collection.id, object_type: 'collections', date_created: now });
        }
        request.log.info({ collectionId: collection.id, parentId }, 'collection created');
        return { status: 201, body: collectionJson(context, collection) };
      },
    },
    {
      method: 'GET',
      service: 'assets',
      specPath: '/v1/collections/',
      handle: (request) => {
        let collections = byCreation(Object.values(state().collections)).filter((collection) => context.store.isIndexed(collection.id));
        const isRoot = request.query.is_root;
        if (isRoot !== undefined && isRoot !== '') collections = collections.filter((collection) => collection.is_root === (isRoot.toLowerCase() === 'true'));
        const status = request.query.status;
        if (status !== undefined && status !== '') collections = collections.filter((collection) => collection.status === status);
        const documents = collections.map((collection) => collectionDocument(context, collection));
        return { status: 200, body: pageEnvelope(documents, { path: request.path, query: request.query, maxPerPage: 1000 }) };
      },
    },
    {
      method: 'GET',
      service: 'assets',
      specPath: '/v1/collections/{collection_id}/',
      handle: (request) => ({ status: 200, body: collectionJson(context, findCollection(context, request.params.collection_id ?? '')) }),
    },
    {
      method: 'PATCH',
      service: 'assets',
      specPath: '/v1/collections/{collection_id}/',
      partialBody: true,
      handle: (request) => {
        const collection = findCollection(context, request.params.collection_id ?? '');
        assignFields(collection, asRecord(request.body), writableFields);
        collection.date_modified = context.store.now().toISOString();
        return { status: 200, body: collectionJson(context, collection) };
      },
    },
    {
      // Iconik only schedules the deletion, hence 202; the simulator marks the collection DELETED at once.
      method: 'DELETE',
      service: 'assets',
      specPath: '/v1/collections/{collection_id}/',
      handle: (request) => {
        const collection = findCollection(context, request.params.collection_id ?? '');
        collection.status = 'DELETED';
        collection.date_deleted = context.store.now().toISOString();
        return { status: 202 };
      },
    },
    {
      method: 'GET',
      service: 'assets',
      specPath: '/v1/collections/{collection_id}/contents/',
      handle: (request) => {
        const collection = findCollection(context, request.params.collection_id ?? '');
        const types = (request.query.object_types ?? 'collections,assets').split(',');
        const externalId = request.query.external_id;
        // Only the page's objects become search documents, because building one scans every content link.
        const contents = state()
          .contents.filter((link) => link.collection_id === collection.id && types.includes(link.object_type))
          .filter((link) => context.store.isIndexed(link.object_id) && context.store.isIndexed(`${link.collection_id}/${link.object_id}`))
          .flatMap((link) => {
            const object = link.object_type === 'assets' ? state().assets[link.object_id] : state().collections[link.object_id];
            return object === undefined ? [] : [{ type: link.object_type, object }];
          })
          .filter((entry) => externalId === undefined || externalId === '' || entry.object.external_id === externalId);
        const present = (entry: { type: string; object: IconikObject }) => (entry.type === 'assets' ? assetDocument(context, entry.object) : collectionDocument(context, entry.object));
        return { status: 200, body: pageEnvelope(contents, { path: request.path, query: request.query, maxPerPage: 1000 }, present) };
      },
    },
    {
      method: 'POST',
      service: 'assets',
      specPath: '/v1/collections/{collection_id}/contents/',
      handle: (request) => {
        const collection = findCollection(context, request.params.collection_id ?? '');
        const body = asRecord(request.body);
        const objectId = String(body.object_id);
        const objectType = body.object_type;
        if (objectType !== 'assets' && objectType !== 'collections') throw badRequest('object_type', 'Must be "assets" or "collections".');
        const target = objectType === 'assets' ? state().assets[objectId] : state().collections[objectId];
        if (target === undefined) throw new IconikError(404, [`${objectType === 'assets' ? 'Asset' : 'Collection'} ${objectId} does not exist`]);
        const exists = state().contents.some((link) => link.collection_id === collection.id && link.object_id === objectId);
        if (!exists) {
          state().contents.push({ collection_id: collection.id, object_id: objectId, object_type: objectType, date_created: context.store.now().toISOString() });
          context.store.indexLater(`${collection.id}/${objectId}`);
        }
        return { status: 201 };
      },
    },
    {
      method: 'DELETE',
      service: 'assets',
      specPath: '/v1/collections/{collection_id}/contents/{object_type}/{object_id}/',
      handle: (request) => {
        const collection = findCollection(context, request.params.collection_id ?? '');
        const objectId = request.params.object_id ?? '';
        const before = state().contents.length;
        state().contents = state().contents.filter((link) => !(link.collection_id === collection.id && link.object_id === objectId && link.object_type === request.params.object_type));
        if (state().contents.length === before) throw new IconikError(404, [`Collection ${collection.id} does not contain ${request.params.object_type ?? ''} ${objectId}`]);
        return { status: 204 };
      },
    },
  ];
}
