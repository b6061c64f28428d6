import type { IconikFieldDefinition, IconikMetadataSchema, IconikViewDefinition } from '../../src/metadata';

/** Iconik fields of every type, as the simulator fixture defines them. */
export const fields: IconikFieldDefinition[] = [
  { name: 'description', field_type: 'text' },
  { name: 'package_name', field_type: 'string' },
  { name: 'uploader_email', field_type: 'email' },
  { name: 'file_count', field_type: 'integer' },
  { name: 'duration_seconds', field_type: 'float', min_value: 0 },
  { name: 'approved', field_type: 'boolean' },
  { name: 'delivery_date', field_type: 'date' },
  { name: 'received_at', field_type: 'datetime' },
  {
    name: 'category',
    field_type: 'drop_down',
    options: [
      { label: 'Raw footage', value: 'raw' },
      { label: 'Edit', value: 'edit' },
      { label: 'Final', value: 'final' },
    ],
  },
  { name: 'keywords', field_type: 'tag_cloud', multi: true },
  { name: 'portal_url', field_type: 'url' },
  { name: 'notes', field_type: 'text' },
  { name: 'shoot_code', field_type: 'string_exact' },
  {
    name: 'deliverables',
    field_type: 'drop_down',
    multi: true,
    options: [
      { label: 'Master', value: 'master' },
      { label: 'Proxy', value: 'proxy' },
    ],
  },
  { name: 'client_name', field_type: 'string', required: true },
  { name: 'asset_ref', field_type: 'string', read_only: true },
  { name: 'outside_view', field_type: 'string' },
];

export const fieldByName = (name: string): IconikFieldDefinition => {
  const field = fields.find((candidate) => candidate.name === name);
  if (field === undefined) throw new Error(`no test field ${name}`);
  return field;
};

export const view: IconikViewDefinition = {
  id: '00000000-0000-4000-8000-000000000403',
  name: 'Package form',
  view_fields: fields.filter((field) => field.name !== 'outside_view').map((field) => ({ name: field.name, required: field.name === 'client_name', read_only: field.name === 'asset_ref' })),
};

export function schemaOf(options: { view?: IconikViewDefinition | undefined; descriptionField?: string | null } = {}): IconikMetadataSchema {
  return {
    view: 'view' in options ? options.view : view,
    fields: new Map(fields.map((field) => [field.name, field])),
    descriptionField: options.descriptionField === undefined ? 'description' : options.descriptionField,
  };
}
