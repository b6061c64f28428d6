import type { IconikClient } from '../iconik/client';
import type { IconikMetadataSchema } from '../metadata';

/**
 * Reads what a metadata mapping is checked against: its view (undefined when
 * Iconik has no view with this id) and every metadata field. Two Iconik
 * calls, plus one per further page of fields.
 */
export async function loadMetadataSchema(client: IconikClient, viewId: string, descriptionField: string | null): Promise<IconikMetadataSchema> {
  const [view, fields] = await Promise.all([client.getMetadataView(viewId), client.listMetadataFields()]);
  return {
    view: view === undefined ? undefined : { id: view.id, name: view.name, view_fields: view.view_fields ?? [] },
    fields: new Map(fields.map((field) => [field.name, field])),
    descriptionField,
  };
}

/** Returns the message that a user who is not of type POWER gets when metadata sync is on. */
export function powerUserProblem(userName: string, type: string | null): string {
  return `The Iconik user ${userName} is of type ${type ?? 'unknown'}: syncing package metadata onto assets needs a Power user. Change the user's type in Admin > Users, or bind the token to a Power user.`;
}
