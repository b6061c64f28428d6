import type { MetadataFieldRecord, MetadataViewRecord } from '../state/types';

type FieldValues = Record<string, { field_values?: { value?: unknown }[]; mode?: string }>;

const checks: Record<string, (value: unknown, field: MetadataFieldRecord) => string | undefined> = {
  string: (value) => (typeof value === 'string' ? undefined : 'must be a string'),
  string_exact: (value) => (typeof value === 'string' ? undefined : 'must be a string'),
  text: (value) => (typeof value === 'string' ? undefined : 'must be a string'),
  tag_cloud: (value) => (typeof value === 'string' ? undefined : 'must be a string'),
  integer: (value) => (Number.isInteger(typeof value === 'string' ? Number(value) : value) ? undefined : 'must be an integer'),
  float: (value) => (Number.isFinite(typeof value === 'string' && value !== '' ? Number(value) : value) ? undefined : 'must be a number'),
  boolean: (value) => (typeof value === 'boolean' || value === 'true' || value === 'false' ? undefined : 'must be true or false'),
  date: (value) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : 'must be a date in the form YYYY-MM-DD'),
  datetime: (value) =>
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : 'must be an ISO 8601 date and time',
  email: (value) => (typeof value === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? undefined : 'must be an email address'),
  url: (value) => (typeof value === 'string' && URL.canParse(value) ? undefined : 'must be an absolute URL'),
  drop_down: (value, field) =>
    typeof value === 'string' && field.options.some((option) => option.value === value)
      ? undefined
      : `must be one of the options ${field.options.map((option) => option.value).join(', ')}`,
};

/**
 * Checks values written through a view and returns the field errors, empty
 * when they are valid. NOTE: Iconik does not document how it encodes each
 * field type; the simulator accepts JSON values or their string forms, dates
 * as YYYY-MM-DD and date-times as ISO 8601.
 */
export function validateMetadataValues(view: MetadataViewRecord, fields: Record<string, MetadataFieldRecord>, values: FieldValues): Record<string, string> {
  const errors: Record<string, string> = {};
  const inView = new Map(view.view_fields.map((viewField) => [viewField.name, viewField]));
  for (const [name, entry] of Object.entries(values)) {
    const field = fields[name];
    if (!inView.has(name) || field === undefined) {
      errors[name] = `Field ${name} is not in view ${view.name}.`;
      continue;
    }
    if (inView.get(name)?.read_only === true || field.read_only) {
      errors[name] = `Field ${name} is read-only.`;
      continue;
    }
    const items = entry.field_values ?? [];
    if (!field.multi && items.length > 1) errors[name] = `Field ${name} takes one value, got ${items.length}.`;
    for (const item of items) {
      const problem = checks[field.field_type]?.(item.value, field);
      if (problem !== undefined) errors[name] = `Value ${JSON.stringify(item.value)} of field ${name} (${field.field_type}) ${problem}.`;
    }
  }
  return errors;
}

/** Returns the names of the view's required fields that have no value after the write. */
export function missingRequiredFields(view: MetadataViewRecord, fields: Record<string, MetadataFieldRecord>, values: Record<string, { field_values: unknown[] }>): string[] {
  return view.view_fields
    .filter((viewField) => viewField.required || fields[viewField.name]?.required === true)
    .filter((viewField) => (values[viewField.name]?.field_values.length ?? 0) === 0)
    .map((viewField) => viewField.name);
}
