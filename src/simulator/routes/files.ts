import { randomUUID } from 'node:crypto';
import { IconikError, badRequest } from '../http/errors';
import { cursorEnvelope } from '../http/pagination';
import type { SimRoute } from '../http/routing';
import { storedFileName } from '../domain/naming';
import { issueUploadFields } from '../domain/upload-targets';
import type { IconikObject } from '../state/types';
import { asRecord, text, assignFields, byCreation, findAsset, findChild, findStorage, type RouteContext } from './context';

const createFields = ['original_name', 'directory_path', 'size', 'type', 'storage_id', 'file_set_id', 'format_id', 'file_date_created', 'file_date_modified', 'checksum', 'status', 'parent_id'] as const;
const patchFields = [...createFields, 'name'] as const;

export function fileRoutes(context: RouteContext): SimRoute[] {
  const state = () => context.store.state;
  const toJson = (file: IconikObject) => {
    const storage = state().storages[String(file.storage_id)];
    return { ...file, ...(storage === undefined ? {} : { storage_method: storage.method }) };
  };
  const findFile = (assetId: string, fileId: string) => findChild(state().files, 'File', assetId, fileId);

  return [
    {
      method: 'POST',
      service: 'files',
      specPath: '/v1/assets/{asset_id}/files/',
      handle: async (request) => {
        const asset = findAsset(context, request.params.asset_id ?? '');
        const body = asRecord(request.body);
        const fileSet = body.file_set_id === undefined ? undefined : state().fileSets[text(body.file_set_id)];
        if (body.file_set_id !== undefined && (fileSet === undefined || fileSet.asset_id !== asset.id)) {
          throw badRequest('file_set_id', `File set ${text(body.file_set_id)} does not exist on asset ${asset.id}.`);
        }
        const storageId = body.storage_id ?? fileSet?.storage_id;
        if (typeof storageId !== 'string') throw badRequest('storage_id', 'Missing: send storage_id, or a file_set_id whose file set has one.');
        const storage = state().storages[storageId];
        if (storage === undefined) throw badRequest('storage_id', `Storage ${storageId} does not exist.`);
        if (storage.status !== 'ACTIVE' || !storage.settings.write) {
          throw badRequest('storage_id', `Storage ${storage.name} (${storageId}) is ${storage.status} with write ${storage.settings.write ? 'on' : 'off'}: pick an active storage that allows writes.`);
        }

        const now = context.store.now().toISOString();
        const id = randomUUID();
        const file: IconikObject = {
          id,
          asset_id: asset.id,
          version_id: fileSet?.version_id ?? (asset.versions as { id: string }[])[0]?.id,
          status: 'OPEN',
          checksum: null,
          user_id: request.principal.user.id,
          date_created: now,
          date_modified: now,
        };
        assignFields(file, body, createFields);
        file.storage_id = storageId;
        file.format_id ??= fileSet?.format_id;
        file.name = typeof body.name === 'string' ? body.name : storedFileName(text(body.original_name), id, storage.settings.add_uuid_to_filenames);
        state().files[id] = file;
        const upload = await issueUploadFields(context.storage, storage, file, request.expiredUpload);
        request.log.info({ assetId: asset.id, fileId: id, storageId, name: file.name, expiredUpload: request.expiredUpload }, 'file created');
        return { status: 201, body: { ...toJson(file), ...upload } };
      },
    },
    {
      method: 'GET',
      service: 'files',
      specPath: '/v1/assets/{asset_id}/files/',
      handle: (request) => {
        const asset = findAsset(context, request.params.asset_id ?? '');
        const files = byCreation(Object.values(state().files).filter((file) => file.asset_id === asset.id)).map(toJson);
        return { status: 200, body: cursorEnvelope(files, { path: request.path, query: request.query, maxPerPage: 1000 }) };
      },
    },
    {
      // generate_signed_post_url=true issues a fresh upload target, which is how a client replaces an expired or empty one.
      method: 'GET',
      service: 'files',
      specPath: '/v1/assets/{asset_id}/files/{file_id}/',
      handle: async (request) => {
        const file = findFile(request.params.asset_id ?? '', request.params.file_id ?? '');
        if (request.query.generate_signed_post_url !== 'true') return { status: 200, body: toJson(file) };
        const upload = await issueUploadFields(context.storage, findStorage(context, String(file.storage_id)), file, request.expiredUpload);
        return { status: 200, body: { ...toJson(file), ...upload } };
      },
    },
    {
      method: 'PATCH',
      service: 'files',
      specPath: '/v1/assets/{asset_id}/files/{file_id}/',
      partialBody: true,
      handle: (request) => {
        const file = findFile(request.params.asset_id ?? '', request.params.file_id ?? '');
        const body = asRecord(request.body);
        if (body.storage_id !== undefined && state().storages[text(body.storage_id)] === undefined) throw badRequest('storage_id', `Storage ${text(body.storage_id)} does not exist.`);
        assignFields(file, body, patchFields);
        file.date_modified = context.store.now().toISOString();
        request.log.info({ assetId: file.asset_id, fileId: file.id, status: file.status, size: file.size }, 'file updated');
        return { status: 200, body: toJson(file) };
      },
    },
    {
      // Deleting a file removes only its record; the object on the storage stays.
      method: 'DELETE',
      service: 'files',
      specPath: '/v1/assets/{asset_id}/files/{file_id}/',
      handle: (request) => {
        const file = findFile(request.params.asset_id ?? '', request.params.file_id ?? '');
        delete state().files[file.id];
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      service: 'files',
      specPath: '/v1/files/checksum/{checksum}/',
      handle: (request) => {
        const checksum = request.params.checksum ?? '';
        if (checksum === '') throw new IconikError(400, ['Missing checksum in the path']);
        const files = byCreation(Object.values(state().files).filter((file) => file.checksum === checksum)).map(toJson);
        return { status: 200, body: cursorEnvelope(files, { path: request.path, query: request.query, maxPerPage: 1000 }) };
      },
    },
  ];
}
