import { loadMetadataSchema, powerUserProblem } from '../../connect/metadata-schema';
import type { IconikClient } from '../../iconik/client';
import { checkMapping, type MetadataMapping, type MetadataProblem } from '../../metadata';

/** Why metadata settings cannot be saved: a code, a sentence with the fix, and every mapping problem. */
export interface MetadataRejection {
  error: 'power_user_required' | 'metadata_mapping_missing' | 'metadata_mapping_invalid';
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
 * set. A mapping must fit Iconik's view and fields whether sync is on or
 * off. Returns undefined when the settings can be saved.
 */
export async function checkMetadataSettings(
  client: IconikClient,
  user: { name: string; type: string | null },
  settings: MetadataSettings,
): Promise<MetadataRejection | undefined> {
  if (settings.syncMetadata && user.type !== 'POWER') {
    return { error: 'power_user_required', message: powerUserProblem(user.name, user.type), problems: [] };
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
