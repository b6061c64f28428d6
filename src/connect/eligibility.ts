import type { IconikStorage } from '../iconik/schemas';

export const supportedStorageMethods = ['S3', 'GCS', 'AZURE', 'B2'] as const;
export type SupportedStorageMethod = (typeof supportedStorageMethods)[number];

export interface StorageSummary {
  id: string;
  name: string;
  method: string;
  purpose: string;
  status: string;
}

export interface IneligibleStorage extends StorageSummary {
  reasons: string[];
}

/**
 * Returns every reason a storage cannot receive deliveries, in plain words;
 * an empty list means it qualifies. A delivery writes files (purpose FILES)
 * straight to the cloud (a supported method), so the storage must be active
 * and allow read, write and delete.
 */
export function ineligibilityReasons(storage: IconikStorage): string[] {
  const reasons: string[] = [];
  if (storage.purpose !== 'FILES') reasons.push(`purpose is ${storage.purpose}, not FILES`);
  if (!(supportedStorageMethods as readonly string[]).includes(storage.method)) {
    reasons.push(`method ${storage.method} is not supported (use S3, GCS, AZURE or B2)`);
  }
  if (storage.status !== 'ACTIVE') {
    const message = storage.status_message ? `: ${storage.status_message}` : '';
    reasons.push(`status is ${storage.status}, not ACTIVE${message}`);
  }
  const settings = storage.settings ?? {};
  for (const access of ['read', 'write', 'delete'] as const) {
    if (settings[access] !== true) reasons.push(`${access} is disabled`);
  }
  return reasons;
}

export function summarizeStorage(storage: IconikStorage): StorageSummary {
  return { id: storage.id, name: storage.name, method: storage.method, purpose: storage.purpose, status: storage.status };
}

/** Splits storages into those a delivery can use and those it cannot, each of the latter with all of its reasons. */
export function classifyStorages(storages: IconikStorage[]): { eligible: StorageSummary[]; ineligible: IneligibleStorage[] } {
  const eligible: StorageSummary[] = [];
  const ineligible: IneligibleStorage[] = [];
  for (const storage of storages) {
    const reasons = ineligibilityReasons(storage);
    if (reasons.length === 0) eligible.push(summarizeStorage(storage));
    else ineligible.push({ ...summarizeStorage(storage), reasons });
  }
  return { eligible, ineligible };
}
