import type { KeyframeExtractor } from '../deps';
import { notFound } from '../http/errors';
import type { SimStore } from '../state/store';
import type { IconikObject, StorageRecord } from '../state/types';
import type { StorageBackends } from '../storage/types';
import type { Logger } from '../../logging/logger';

/** What the route handlers share. */
export interface RouteContext {
  store: SimStore;
  storage: StorageBackends | undefined;
  keyframes: KeyframeExtractor | undefined;
  logger: Logger;
}

export function findAsset(context: RouteContext, id: string): IconikObject {
  const asset = context.store.state.assets[id];
  if (asset === undefined) throw notFound('Asset', id);
  return asset;
}

export function findStorage(context: RouteContext, id: string): StorageRecord {
  const storage = context.store.state.storages[id];
  if (storage === undefined) throw notFound('Storage', id);
  return storage;
}

/** Finds a child object of an asset (format, file set, file), answering 404 when it belongs to another asset. */
export function findChild(collection: Record<string, IconikObject>, what: string, assetId: string, id: string): IconikObject {
  const object = collection[id];
  if (object === undefined || object.asset_id !== assetId) throw notFound(what, id);
  return object;
}

/** Copies the listed body fields that are present onto a stored object. */
export function assignFields(target: Record<string, unknown>, body: Record<string, unknown>, fields: readonly string[]): void {
  for (const field of fields) {
    if (field in body) target[field] = body[field];
  }
}

/** Returns objects in the order they were created, which is the simulator's stable list order. */
export function byCreation<T extends { date_created: string }>(objects: T[]): T[] {
  return objects.map((object, index) => ({ object, index })).sort((a, b) => a.object.date_created.localeCompare(b.object.date_created) || a.index - b.index).map(({ object }) => object);
}

/** Returns a request value as text for messages and ids: strings as they are, anything else as JSON. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? '';
}

export function asRecord(body: unknown): Record<string, unknown> {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
