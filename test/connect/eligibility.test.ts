import { classifyStorages, ineligibilityReasons } from '../../src/connect/eligibility';
import { missingRoles, requiredRoles } from '../../src/connect/required-roles';
import type { IconikStorage } from '../../src/iconik/schemas';

function storage(overrides: Partial<IconikStorage> & { settings?: Record<string, unknown> }): IconikStorage {
  return {
    id: 's1',
    name: 'Main',
    method: 'S3',
    purpose: 'FILES',
    status: 'ACTIVE',
    status_message: null,
    ...overrides,
    settings: { read: true, write: true, delete: true, ...overrides.settings },
  };
}

describe('ineligibilityReasons', () => {
  it('accepts an active FILES storage with read, write and delete', () => {
    for (const method of ['S3', 'GCS', 'AZURE', 'B2']) expect(ineligibilityReasons(storage({ method }))).toEqual([]);
  });

  it.each([
    [{ purpose: 'KEYFRAMES' }, 'purpose is KEYFRAMES, not FILES'],
    [{ method: 'FILE' }, 'method FILE is not supported (use S3, GCS, AZURE or B2)'],
    [{ status: 'INACTIVE' }, 'status is INACTIVE, not ACTIVE'],
    [{ status: 'FAILING', status_message: 'bucket unreachable' }, 'status is FAILING, not ACTIVE: bucket unreachable'],
    [{ settings: { read: false } }, 'read is disabled'],
    [{ settings: { write: false } }, 'write is disabled'],
    [{ settings: { delete: false } }, 'delete is disabled'],
  ])('reports %j', (overrides, reason) => {
    expect(ineligibilityReasons(storage(overrides))).toEqual([reason]);
  });

  it('reports every reason at once', () => {
    const reasons = ineligibilityReasons(storage({ purpose: 'PROXIES', method: 'FTP', status: 'INACTIVE', settings: { read: false, write: false, delete: false } }));
    expect(reasons).toEqual([
      'purpose is PROXIES, not FILES',
      'method FTP is not supported (use S3, GCS, AZURE or B2)',
      'status is INACTIVE, not ACTIVE',
      'read is disabled',
      'write is disabled',
      'delete is disabled',
    ]);
  });

  it('treats missing settings as disabled', () => {
    expect(ineligibilityReasons({ ...storage({}), settings: null })).toEqual(['read is disabled', 'write is disabled', 'delete is disabled']);
  });
});

describe('classifyStorages', () => {
  it('splits eligible and ineligible storages', () => {
    const result = classifyStorages([storage({ id: 'a', name: 'A' }), storage({ id: 'b', name: 'B', method: 'FILE' })]);
    expect(result.eligible).toEqual([{ id: 'a', name: 'A', method: 'S3', purpose: 'FILES', status: 'ACTIVE' }]);
    expect(result.ineligible).toEqual([
      { id: 'b', name: 'B', method: 'FILE', purpose: 'FILES', status: 'ACTIVE', reasons: ['method FILE is not supported (use S3, GCS, AZURE or B2)'] },
    ]);
  });
});

describe('missingRoles', () => {
  it('finds nothing missing for an admin', () => {
    expect(missingRoles([], true)).toEqual([]);
  });

  it('names each missing role with its label', () => {
    const held = requiredRoles.map((role) => role.id).filter((id) => id !== 'can_purge_assets' && id !== 'can_create_transcode_jobs');
    expect(missingRoles(held, false)).toEqual([
      { id: 'can_purge_assets', label: 'Assets: Purge' },
      { id: 'can_create_transcode_jobs', label: 'Transcode jobs: Create' },
    ]);
  });
});
