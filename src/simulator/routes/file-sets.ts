import { randomUUID } from 'node:crypto';
import { badRequest } from '../http/errors';
import { cursorEnvelope } from '../http/pagination';
import type { SimRoute } from '../http/routing';
import { isCloudMethod, objectLocation } from '../domain/naming';
import type { IconikObject } from '../state/types';
import { asRecord, text, assignFields, byCreation, findAsset, findChild, type RouteContext } from './context';

const writableFields = ['format_id', 'storage_id', 'name', 'base_dir', 'component_ids', 'status', 'is_archive', 'original_storage_id', 'archive_file_set_id'] as const;

export function fileSetRoutes(context: RouteContext): SimRoute[] {
  const state = () => context.store.state;
  const withCount = (fileSet: IconikObject) => ({
    ...fileSet,
    file_count: Object.values(state().files).filter((file) => file.file_set_id === fileSet.id).length,
  });
  return [
    {
      method: 'POST',
      service: 'files',
      specPath: '/v1/assets/{asset_id}/file_sets/',
      handle: (request) => {
        const asset = findAsset(context, request.params.asset_id ?? '');
        const body = asRecord(request.body);
        const format = state().formats[text(body.format_id)];
        if (format === undefined || format.asset_id !== asset.id) throw badRequest('format_id', `Format ${text(body.format_id)} does not exist on asset ${asset.id}.`);
        if (body.storage_id !== undefined && state().storages[text(body.storage_id)] === undefined) {
          throw badRequest('storage_id', `Storage ${text(body.storage_id)} does not exist.`);
        }
        const now = context.store.now().toISOString();
        const fileSet: IconikObject = { id: randomUUID(), asset_id: asset.id, version_id: format.version_id, status: 'ACTIVE', is_archive: false, date_created: now, date_modified: now };
        assignFields(fileSet, body, writableFields);
        fileSet.original_storage_id ??= fileSet.storage_id;
        state().fileSets[fileSet.id] = fileSet;
        request.log.info({ assetId: asset.id, fileSetId: fileSet.id, storageId: fileSet.storage_id }, 'file set created');
        return { status: 201, body: withCount(fileSet) };
      },
    },
    {
      method: 'GET',
      service: 'files',
      specPath: '/v1/assets/{asset_id}/file_sets/',
      handle: (request) => {
        const asset = findAsset(context, request.params.asset_id ?? '');
        const fileSets = byCreation(Object.values(state().fileSets).filter((fileSet) => fileSet.asset_id === asset.id)).map(withCount);
        return { status: 200, body: cursorEnvelope(fileSets, { path: request.path, query: request.query, maxPerPage: 1000 }) };
      },
    },
    {
      method: 'GET',
      service: 'files',
      specPath: '/v1/assets/{asset_id}/file_sets/{file_set_id}/',
      handle: (request) => ({ status: 200, body: withCount(findChild(state().fileSets, 'File set', request.params.asset_id ?? '', request.params.file_set_id ?? '')) }),
    },
    {
      // Deleting a file set removes its file records and, unless keep_source=true or the storage forbids deletes, the objects on the storage.
      method: 'DELETE',
      service: 'files',
      specPath: '/v1/assets/{asset_id}/file_sets/{file_set_id}/',
      handle: async (request) => {
        const fileSet = findChild(state().fileSets, 'File set', request.params.asset_id ?? '', request.params.file_set_id ?? '');
        const files = Object.values(state().files).filter((file) => file.file_set_id === fileSet.id);
        const storage = state().storages[String(fileSet.storage_id)];
        const deleteObjects = request.query.keep_source !== 'true' && storage !== undefined && storage.settings.delete && isCloudMethod(storage.method);
        for (const file of files) {
          if (deleteObjects && context.storage !== undefined && storage !== undefined && isCloudMethod(storage.method)) {
            await context.storage.byMethod[storage.method].deleteObject(objectLocation(storage, String(file.directory_path), String(file.name)));
          }
          delete state().files[file.id];
        }
        fileSet.status = 'DELETED';
        fileSet.date_deleted = context.store.now().toISOString();
        request.log.info({ fileSetId: fileSet.id, files: files.length, objectsDeleted: deleteObjects }, 'file set deleted');
        return { status: request.query.immediately === 'true' ? 204 : 200, body: request.query.immediately === 'true' ? undefined : {} };
      },
    },
  ];
}
