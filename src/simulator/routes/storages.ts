import { IconikError } from '../http/errors';
import { pageEnvelope } from '../http/pagination';
import type { SimRoute } from '../http/routing';
import type { StorageRecord } from '../state/types';
import { isCloudMethod } from '../domain/naming';
import { findStorage, text, type RouteContext } from './context';

const filterNames = ['id', 'name', 'method', 'status', 'purpose', 'scanner_status'] as const;

/** Returns a storage as Iconik answers it; credential settings are never stored, so none can leak. */
function toStorageJson(storage: StorageRecord): Record<string, unknown> {
  return {
    id: storage.id,
    name: storage.name,
    description: storage.description,
    method: storage.method,
    purpose: storage.purpose,
    status: storage.status,
    status_message: storage.status_message,
    default: storage.default,
    last_scanned: storage.last_scanned,
    scanner_status: storage.scanner_status,
    settings: storage.settings,
  };
}

function sortStorages(storages: StorageRecord[], sort: string | undefined): StorageRecord[] {
  if (sort === undefined || sort === '') return storages;
  const keys = sort.split(';').map((part) => {
    const [field = 'name', order = 'asc'] = part.split(',');
    return { field: field as keyof StorageRecord, descending: order.toLowerCase() === 'desc' };
  });
  return [...storages].sort((a, b) => {
    for (const key of keys) {
      const compared = text(a[key.field] ?? '').localeCompare(text(b[key.field] ?? ''));
      if (compared !== 0) return key.descending ? -compared : compared;
    }
    return 0;
  });
}

export function storageRoutes(context: RouteContext): SimRoute[] {
  const all = () => Object.values(context.store.state.storages);
  return [
    {
      method: 'GET',
      service: 'files',
      specPath: '/v1/storages/',
      handle: (request) => {
        let storages = all();
        for (const name of filterNames) {
          const value = request.query[name];
          if (value !== undefined && value !== '') storages = storages.filter((storage) => String(storage[name]) === value);
        }
        const ids = request.query.ids;
        if (ids !== undefined && ids !== '') {
          const wanted = new Set(ids.split(','));
          storages = storages.filter((storage) => wanted.has(storage.id));
        }
        const text = request.query.query;
        if (text !== undefined && text !== '') {
          const pattern = new RegExp(`^${text.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`, 'i');
          storages = storages.filter((storage) => pattern.test(storage.name));
        }
        const sorted = sortStorages(storages, request.query.sort);
        return { status: 200, body: pageEnvelope(sorted.map(toStorageJson), { path: request.path, query: request.query, maxPerPage: 100 }) };
      },
    },
    {
      method: 'GET',
      service: 'files',
      specPath: '/v1/storages/{storage_id}/',
      handle: (request) => ({ status: 200, body: toStorageJson(findStorage(context, request.params.storage_id ?? '')) }),
    },
    {
      method: 'GET',
      service: 'files',
      specPath: '/v1/storages/{purpose}/default/',
      handle: (request) => {
        const purpose = request.params.purpose ?? '';
        const storage = all().find((candidate) => candidate.purpose === purpose && candidate.default);
        if (storage === undefined) throw new IconikError(404, [`No default storage is set for purpose ${purpose}`]);
        return { status: 200, body: toStorageJson(storage) };
      },
    },
    {
      method: 'GET',
      service: 'files',
      specPath: '/v1/storages/matching/{purpose}/',
      handle: (request) => {
        const purpose = request.params.purpose ?? '';
        const storage = all().find(
          (candidate) => candidate.purpose === purpose && candidate.status === 'ACTIVE' && candidate.settings.write && isCloudMethod(candidate.method),
        );
        if (storage === undefined) throw new IconikError(404, [`No active, writable cloud storage matches purpose ${purpose}`]);
        return { status: 200, body: toStorageJson(storage) };
      },
    },
  ];
}
