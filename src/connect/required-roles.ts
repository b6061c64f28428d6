/** A role the integration's Iconik user needs, with the label Iconik's group editor shows for it. */
export interface RequiredRole {
  id: string;
  label: string;
}

function roles(area: string, rights: [string, string][]): RequiredRole[] {
  return rights.map(([right, id]) => ({ id, label: `${area}: ${right}` }));
}

/**
 * The roles a delivery uses, grouped as Iconik's Admin > Groups screen groups
 * them. An admin user holds every role; anyone else needs them through a group.
 */
export const requiredRoles: RequiredRole[] = [
  ...roles('Assets', [
    ['Create', 'can_create_assets'],
    ['Delete', 'can_delete_assets'],
    ['Purge', 'can_purge_assets'],
    ['Write', 'can_write_assets'],
  ]),
  ...roles('Collections', [
    ['Create', 'can_create_collections'],
    ['Delete', 'can_delete_collections'],
    ['Purge', 'can_purge_collections'],
    ['Read', 'can_read_collections'],
    ['Write', 'can_write_collections'],
  ]),
  ...roles('Files', [
    ['Delete', 'can_delete_files'],
    ['Purge', 'can_purge_files'],
    ['Read', 'can_read_files'],
    ['Write', 'can_write_files'],
  ]),
  ...roles('Formats', [
    ['Create', 'can_create_formats'],
    ['Write', 'can_write_formats'],
  ]),
  ...roles('Jobs', [
    ['Delete', 'can_delete_jobs'],
    ['Write', 'can_write_jobs'],
  ]),
  ...roles('Metadata fields', [
    ['Read', 'can_read_metadata_fields'],
    ['Write', 'can_write_metadata_fields'],
  ]),
  ...roles('Metadata views', [
    ['Read', 'can_read_metadata_views'],
    ['Write', 'can_write_metadata_views'],
  ]),
  ...roles('Storages', [['Read', 'can_read_storages']]),
  ...roles('Transcode jobs', [['Create', 'can_create_transcode_jobs']]),
];

/**
 * The role that writes metadata values, needed when an integration writes the
 * asset description or syncs package metadata. Iconik grants it only to Power
 * users, whatever their groups hold.
 */
export const metadataWriteRole: RequiredRole = { id: 'can_write_metadata_values', label: 'Metadata values: Write' };

/** Returns the required roles that the user lacks, with the metadata write role when `writesMetadata`; an admin lacks none. */
export function missingRoles(held: readonly string[], isAdmin: boolean, options: { writesMetadata?: boolean } = {}): RequiredRole[] {
  if (isAdmin) return [];
  const heldSet = new Set(held);
  const needed = options.writesMetadata === true ? [...requiredRoles, metadataWriteRole] : requiredRoles;
  return needed.filter((role) => !heldSet.has(role.id));
}
