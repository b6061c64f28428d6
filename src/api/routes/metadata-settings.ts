import { loadMetadataSchema, powerUserProblem } from '../../connect/metadata-schema';
import { metadataWriteRole, missingRoles } from '../../connect/required-roles';
import type { IconikClient } from '../../iconik/client';
import { checkMapping, type MetadataMapping, type MetadataProblem } from '../../metadata';

/** Why metadata settings cannot be saved: a code, a sentence with the fix, and every mapping problem. */
export interface MetadataRejection {
  error: 'power_user_required' | 'metadata_role_missing' | 'metadata_mapping_missing' | 'metadata_mapping_invalid';
  message: string;
  problems: MetadataProblem[];
}

export interface MetadataSettings {
  syncMetadata: boolean;
  metadataMapping: MetadataMapping | null;
  descriptionField: string | null;
}

/**
 * Checks an integration's metadata settings against Iconik before they are
 * saved. With sync on, the user must be a Power user and a mapping must be
 * set. Sync and a description field both need the role that writes metadata
 * values. A mapping must fit Iconik's view and fields whether sync is on or
 * off. Returns undefined when the settings can be saved.
 */
export async function checkMetadataSettings(
  client: IconikClient,
  user: { name: string; type: string | null; admin: boolean },
  settings: MetadataSettings,
): Promise<MetadataRejection | undefined> {
  if (settings.syncMetadata && user.type !== 'POWER') {
    return { error: 'power_user_required', message: powerUserProblem(user.name, user.type), problems: [] };
  }
  const writesMetadata = settings.syncMetadata || settings.descriptionField !== null;
  if (writesMetadata && missingRoles(await client.currentUserRoles(), user.admin, { writesMetadata }).some((role) => role.id === metadataWriteRole.id)) {
    const needs = settings.syncMetadata ? 'syncing package metadata' : `writing the asset description into "${settings.descriptionField ?? ''}"`;
    const fix = settings.syncMetadata ? 'or leave syncMetadata off' : 'or set descriptionField to null';
    return {
      error: 'metadata_role_missing',
      message: `The Iconik user ${user.name} lacks the role ${metadataWriteRole.label} (${metadataWriteRole.id}), which ${needs} needs: add it to one of the user's groups in Admin > Groups, ${fix}.`,
      problems: [],
    };
  }
  const mapping = settings.metadataMapping;
  if (mapping === null) {
    if (!settings.syncMetadata) return undefined;
    return {
      error: 'metadata_mapping_missing',
      message: 'syncMetadata is on but metadataMapping is not set: send the mapping of form fields to Iconik fields with it, or leave syncMetadata off.',
      problems: [],
    };
  }
  const problems = checkMapping(mapping, await loadMetadataSchema(client, mapping.viewId, settings.descriptionField));
  if (problems.length === 0) return undefined;
  return {
    error: 'metadata_mapping_invalid',
    message: `The metadata mapping has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.map((problem) => problem.message).join(' ')}`,
    problems,
  };
}
