import { randomUUID } from 'node:crypto';
import { notFound } from '../http/errors';
import { cursorEnvelope } from '../http/pagination';
import type { SimRoute } from '../http/routing';
import type { IconikObject } from '../state/types';
import { asRecord, assignFields, byCreation, findAsset, type RouteContext } from './context';

const writableFields = ['name', 'metadata', 'storage_methods', 'user_id', 'status', 'is_online', 'archive_status', 'components'] as const;

function firstVersionId(asset: IconikObject): string | undefined {
  const versions = asset.versions as { id: string }[] | undefined;
  return versions?.[0]?.id;
}

export function formatRoutes(context: RouteContext): SimRoute[] {
  const state = () => context.store.state;
  const formatsOf = (assetId: string) => byCreation(Object.values(state().formats).filter((format) => format.asset_id === assetId));
  return [
    {
      method: 'POST',
      service: 'files',
      specPath: '/v1/assets/{asset_id}/formats/',
      handle: (request) => {
        const asset = findAsset(context, request.params.asset_id ?? '');
        const now = context.store.now().toISOString();
        const format: IconikObject = {
          id: randomUUID(),
          asset_id: asset.id,
          version_id: firstVersionId(asset),
          status: 'ACTIVE',
          is_online: false,
          archive_status: 'NOT_ARCHIVED',
          components: [],
          metadata: [],
          storage_methods: [],
          warnings: [],
          user_id: request.principal.user.id,
          date_created: now,
          date_modified: now,
        };
        assignFields(format, asRecord(request.body), writableFields);
        state().formats[format.id] = format;
        request.log.info({ assetId: asset.id, formatId: format.id, name: format.name }, 'format created');
        return { status: 201, body: format };
      },
    },
    {
      method: 'GET',
      service: 'files',
      specPath: '/v1/assets/{asset_id}/formats/',
      handle: (request) => {
        const asset = findAsset(context, request.params.asset_id ?? '');
        return { status: 200, body: cursorEnvelope(formatsOf(asset.id), { path: request.path, query: request.query, maxPerPage: 1000 }) };
      },
    },
    {
      // The spec has GET …/formats/{name}/ and GET …/formats/{format_id}/ on the same path shape; one route serves both, trying the id first.
      method: 'GET',
      service: 'files',
      specPath: '/v1/assets/{asset_id}/formats/{format_id}/',
      handle: (request) => {
        const asset = findAsset(context, request.params.asset_id ?? '');
        const key = request.params.format_id ?? '';
        const formats = formatsOf(asset.id).filter((format) => format.status !== 'DELETED');
        const format = formats.find((candidate) => candidate.id === key) ?? formats.find((candidate) => candidate.name === key);
        if (format === undefined) throw notFound('Format', key);
        return { status: 200, body: format };
      },
    },
  ];
}
