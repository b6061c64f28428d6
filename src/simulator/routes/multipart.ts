import { IconikError, badRequest } from '../http/errors';
import { intParam } from '../http/pagination';
import type { SimRequest, SimRoute } from '../http/routing';
import { objectLocation } from '../domain/naming';
import type { StorageBackends, ObjectLocation } from '../storage/types';
import { asRecord, findChild, findStorage, type RouteContext } from './context';

const maxPartNumber = 10_000;

/** Resolves the file of the call and checks that its storage uses the given method. */
function fileLocation(context: RouteContext, request: SimRequest, method: 'S3' | 'B2'): { fileId: string; location: ObjectLocation; storage: StorageBackends } {
  const file = findChild(context.store.state.files, 'File', request.params.asset_id ?? '', request.params.file_id ?? '');
  const record = findStorage(context, String(file.storage_id));
  if (record.method !== method) {
    throw new IconikError(400, [`File ${file.id} is on storage ${record.name}, which uses method ${record.method}: this multipart call needs a ${method} storage`]);
  }
  if (context.storage === undefined) throw new IconikError(503, ['The simulator runs without storage backends, so it cannot issue multipart URLs']);
  return { fileId: file.id, location: objectLocation(record, String(file.directory_path), String(file.name)), storage: context.storage };
}

function requiredQuery(request: SimRequest, name: string): string {
  const value = request.query[name];
  if (value === undefined || value === '') throw badRequest(name, 'Missing data for required field.');
  return value;
}

export function s3MultipartRoutes(context: RouteContext): SimRoute[] {
  const uploads = () => context.store.state.multipartUploads;
  return [
    {
      // parts_num is the number of parts; the URLs come back numbered 1…parts_num, paged by per_page and page.
      method: 'GET',
      service: 'files',
      specPath: '/v1/assets/{asset_id}/files/{file_id}/multipart_url/part/',
      handle: async (request) => {
        const { fileId, location, storage } = fileLocation(context, request, 'S3');
        const uploadId = requiredQuery(request, 'upload_id');
        const partsNum = intParam(request.query, 'parts_num', Number.NaN, { min: 1, max: maxPartNumber });
        if (Number.isNaN(partsNum)) throw badRequest('parts_num', 'Missing data for required field.');
        const perPage = intParam(request.query, 'per_page', 10, { min: 1, max: 1000 });
        const page = intParam(request.query, 'page', 1, { min: 1, max: maxPartNumber });
        const numbers: number[] = [];
        for (let number = (page - 1) * perPage + 1; number <= Math.min(partsNum, page * perPage); number += 1) numbers.push(number);
        const urls = await storage.s3Multipart.partUrls(location, uploadId, numbers, { expired: request.expiredUpload });
        uploads()[uploadId] = { file_id: fileId, method: 'S3', upload_id: uploadId, state: 'STARTED' };
        return { status: 200, body: { objects: urls.map((part) => ({ number: part.number, url: part.url, key: location.key })) } };
      },
    },
    {
      method: 'POST',
      service: 'files',
      specPath: '/v1/assets/{asset_id}/files/{file_id}/multipart_url/s3/part/',
      handle: async (request) => {
        const { fileId, location, storage } = fileLocation(context, request, 'S3');
        const body = asRecord(request.body);
        const uploadId = String(body.upload_id);
        const parts = body.parts as { part_number?: number; checksum?: string | null }[];
        const numbers = parts.map((part, index) => {
          const number = part.part_number;
          if (number === undefined || !Number.isInteger(number) || number < 1 || number > maxPartNumber) {
            throw badRequest(`parts.${index}.part_number`, `Must be an integer from 1 to ${maxPartNumber}.`);
          }
          return number;
        });
        const urls = await storage.s3Multipart.partUrls(location, uploadId, numbers, { expired: request.expiredUpload });
        uploads()[uploadId] = { file_id: fileId, method: 'S3', upload_id: uploadId, state: 'STARTED' };
        const byNumber = new Map(urls.map((part) => [part.number, part.url]));
        return {
          status: 200,
          body: { upload_id: uploadId, parts: parts.map((part) => ({ part_number: part.part_number, checksum: part.checksum ?? null, url: byNumber.get(part.part_number ?? 0) })) },
        };
      },
    },
    {
      method: 'GET',
      service: 'files',
      specPath: '/v1/assets/{asset_id}/files/{file_id}/multipart_url/',
      handle: async (request) => {
        const { location, storage } = fileLocation(context, request, 'S3');
        const uploadId = requiredQuery(request, 'upload_id');
        const type = request.query.type;
        if (type === 'complete_url') return { status: 200, body: { complete_url: await storage.s3Multipart.completeUrl(location, uploadId) } };
        if (type === 'abort_url') return { status: 200, body: { abort_url: await storage.s3Multipart.abortUrl(location, uploadId) } };
        if (type === undefined || type === '') {
          return {
            status: 200,
            body: { complete_url: await storage.s3Multipart.completeUrl(location, uploadId), abort_url: await storage.s3Multipart.abortUrl(location, uploadId) },
          };
        }
        throw badRequest('type', `Unknown type "${type}": use complete_url or abort_url.`);
      },
    },
    {
      method: 'POST',
      service: 'files',
      specPath: '/v1/assets/{asset_id}/files/{file_id}/multipart/cleanup/',
      handle: async (request) => {
        const { location, storage } = fileLocation(context, request, 'S3');
        const body = asRecord(request.body);
        if (typeof body.upload_id !== 'string' || body.upload_id === '') throw badRequest('upload_id', 'Missing data for required field.');
        if (body.abort_upload === true) {
          await storage.s3Multipart.abortUpload(location, body.upload_id);
          const record = uploads()[body.upload_id];
          if (record !== undefined) record.state = 'ABORTED';
          request.log.info({ fileId: request.params.file_id, uploadId: body.upload_id }, 'S3 multipart upload aborted');
        }
        return { status: 200, body: {} };
      },
    },
  ];
}

export function b2MultipartRoutes(context: RouteContext): SimRoute[] {
  const uploads = () => context.store.state.multipartUploads;
  const findUpload = (uploadFileId: string, fileId: string | undefined) => {
    const record = uploads()[uploadFileId];
    if (record === undefined || record.method !== 'B2' || record.file_id !== fileId) {
      throw badRequest('upload_file_id', `No B2 large file ${uploadFileId} was started for file ${fileId ?? ''}: call multipart/b2/start/ first.`);
    }
    return record;
  };
  return [
    {
      method: 'POST',
      service: 'files',
      specPath: '/v1/assets/{asset_id}/files/{file_id}/multipart/b2/start/',
      handle: async (request) => {
        const { fileId, location, storage } = fileLocation(context, request, 'B2');
        // Iconik's request schema lets a caller name a started large file. For such a request the simulator
        // issues a fresh part upload URL and token, as B2's b2_get_upload_part_url does, and starts nothing.
        const named = request.body === undefined ? undefined : asRecord(request.body).upload_file_id;
        if (typeof named === 'string' && named !== '' && storage.b2Faults.takeStartNewOnRenewal()) {
          request.log.info({ fileId, uploadFileId: named }, 'starting a new B2 large file in place of renewing the named one, by the armed fault');
        } else if (typeof named === 'string' && named !== '') {
          const record = findUpload(named, fileId);
          if (record.state !== 'STARTED') throw badRequest('upload_file_id', `B2 large file ${named} is ${record.state.toLowerCase()}, so it takes no more parts: start a new large file.`);
          const target = await storage.b2LargeFiles.partUploadTarget(named);
          request.log.info({ fileId, uploadFileId: named }, 'B2 part upload URL issued for a started large file');
          return { status: 200, body: target };
        }
        const started = await storage.b2LargeFiles.startLargeFile(location);
        uploads()[started.upload_file_id] = { file_id: fileId, method: 'B2', upload_id: started.upload_file_id, state: 'STARTED' };
        request.log.info({ fileId, uploadFileId: started.upload_file_id }, 'B2 large file started');
        return { status: 200, body: started };
      },
    },
    {
      method: 'POST',
      service: 'files',
      specPath: '/v1/assets/{asset_id}/files/{file_id}/multipart/b2/finish/',
      handle: async (request) => {
        const { fileId, storage } = fileLocation(context, request, 'B2');
        const body = asRecord(request.body);
        const record = findUpload(String(body.upload_file_id), fileId);
        const finished = await storage.b2LargeFiles.finishLargeFile(record.upload_id, body.sha1_list as string[]);
        record.state = 'FINISHED';
        request.log.info({ fileId, uploadFileId: record.upload_id, size: finished.size }, 'B2 large file finished');
        return { status: 200, body: {} };
      },
    },
    {
      method: 'POST',
      service: 'files',
      specPath: '/v1/assets/{asset_id}/files/{file_id}/multipart/b2/cancel/',
      handle: async (request) => {
        const { fileId, storage } = fileLocation(context, request, 'B2');
        const record = findUpload(String(asRecord(request.body).upload_file_id), fileId);
        if (record.state !== 'STARTED') throw badRequest('upload_file_id', `B2 large file ${record.upload_id} is already ${record.state.toLowerCase()}, so it cannot be cancelled.`);
        await storage.b2LargeFiles.cancelLargeFile(record.upload_id);
        record.state = 'ABORTED';
        request.log.info({ fileId, uploadFileId: record.upload_id }, 'B2 large file cancelled');
        return { status: 200, body: {} };
      },
    },
  ];
}
