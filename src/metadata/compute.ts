import { checkMapping, sourceName, type IconikMetadataSchema } from './check-mapping';
import { convertValue, type IconikValue } from './convert';
import type { IconikFieldDefinition, MetadataValues } from './iconik-types';
import { describeSource, type FieldMapping, type MetadataMapping } from './mapping';
import type { MetadataProblem } from './problems';

/** The package facts a mapping reads. */
export interface PackageFacts {
  name: string;
  description: string | null;
  senderEmail: string;
  /** Portal form fields by name; a checkbox group's value is a list. */
  metadata: Record<string, string | string[]>;
}

/** One mapped source and what it turned into. */
export interface MappedFieldResult {
  source: string;
  iconikField: string;
  /** The value the package carries, or null when it has none. */
  input: string | string[] | null;
  /** The converted values that are written; empty when the field is not written. */
  values: IconikValue[];
}

/** Form fields that no mapping names, and where they go. */
export interface UnmappedFields {
  /** `Name: value` lines, a list joined with ", ", in the package's field order. */
  lines: string[];
  destination: { catchAllField: string } | { listInStatus: true };
}

/** Everything a mapping writes for one package, and every problem found on the way. */
export interface MetadataComputation {
  viewId: string;
  viewName: string | null;
  /** The `metadata_values` body written on each asset and on the package collection; empty when `writable` is false. */
  values: MetadataValues;
  fields: MappedFieldResult[];
  unmapped: UnmappedFields;
  problems: MetadataProblem[];
  /** False when nothing can be written through the view, for example because a required field has no value. */
  writable: boolean;
  /** True when `values` carries the asset description, because the description field is in the mapping's view. */
  includesDescription: boolean;
}

export interface ComputeInput {
  mapping: MetadataMapping;
  schema: IconikMetadataSchema;
  package: PackageFacts;
  /** The asset description text; it joins the values when the description field is in the mapping's view. */
  descriptionText: string | null;
}

/**
 * Computes the metadata values of one package: checks the mapping, converts
 * each mapped value to its Iconik field's type, collects unmapped form
 * fields, and adds the description when its field is in the view. Sources
 * whose mapping or value has a problem are left out and the others kept,
 * unless a required view field ends without a value, which would make
 * Iconik reject the whole write.
 */
export function computeMetadata(input: ComputeInput): MetadataComputation {
  const { mapping, schema } = input;
  const problems = checkMapping(mapping, schema);
  const view = schema.view;
  const unmapped = collectUnmapped(mapping, input.package.metadata);
  const empty = { viewId: mapping.viewId, viewName: view?.name ?? null, values: {}, unmapped, problems, writable: false, includesDescription: false };
  if (view === undefined) return { ...empty, fields: [] };

  const unsound = new Set(problems.filter((problem) => problem.formField !== null).map((problem) => problem.iconikField));
  const values: MetadataValues = {};
  const fields: MappedFieldResult[] = [];
  for (const entry of mapping.fields) {
    const raw = sourceValue(entry, input.package);
    const result: MappedFieldResult = { source: sourceName(entry.source), iconikField: entry.iconikField, input: raw, values: [] };
    fields.push(result);
    const field = schema.fields.get(entry.iconikField);
    if (raw === null || unsound.has(entry.iconikField) || field === undefined) continue;

    result.values = convertAll(entry, raw, field, problems);
    if (result.values.length > 0) values[entry.iconikField] = { field_values: result.values.map((value) => ({ value })) };
  }

  const inView = new Set(view.view_fields.map((viewField) => viewField.name));
  const descriptionField = schema.descriptionField;
  const includesDescription = descriptionField !== null && input.descriptionText !== null && inView.has(descriptionField);
  if (includesDescription) values[descriptionField] = { field_values: [{ value: input.descriptionText ?? '' }] };

  const catchAll = 'catchAllField' in mapping.unmapped ? mapping.unmapped.catchAllField : null;
  if (catchAll !== null && unmapped.lines.length > 0 && !problems.some((problem) => problem.iconikField === catchAll)) {
    values[catchAll] = { field_values: [{ value: unmapped.lines.join('\n') }] };
  }

  const missing = view.view_fields
    .filter((viewField) => viewField.required === true || schema.fields.get(viewField.name)?.required === true)
    .map((viewField) => viewField.name)
    .filter((name) => values[name] === undefined);
  if (missing.length > 0) {
    const names = missing.map((name) => `"${name}"`).join(', ');
    const subject = missing.length === 1 ? `its required field ${names} has` : `its required fields ${names} have`;
    problems.push({
      formField: null,
      iconikField: missing.join(', '),
      message: `No metadata was written through the view "${view.name}": ${subject} no value for this package, and Iconik rejects a write without them. Map a form field the portal always fills in, or make the field optional in Admin > Metadata > Views.`,
    });
    return { ...empty, fields, problems };
  }
  return { viewId: view.id, viewName: view.name, values, fields, unmapped, problems, writable: true, includesDescription };
}

function sourceValue(entry: FieldMapping, pkg: PackageFacts): string | string[] | null {
  let raw: string | string[] | null | undefined;
  if ('formField' in entry.source) raw = pkg.metadata[entry.source.formField];
  else if (entry.source.builtin === 'package_name') raw = pkg.name;
  else if (entry.source.builtin === 'package_description') raw = pkg.description;
  else raw = pkg.senderEmail;
  if (raw === undefined || raw === null) return null;
  // A form field left blank, or a checkbox group with nothing ticked, has no value.
  if (!Array.isArray(raw)) return raw.trim() === '' ? null : raw;
  const present = raw.filter((item) => item.trim() !== '');
  return present.length === 0 ? null : present;
}

function convertAll(entry: FieldMapping, raw: string | string[], field: IconikFieldDefinition, problems: MetadataProblem[]): IconikValue[] {
  const formField = sourceName(entry.source);
  const items = Array.isArray(raw) ? raw : [raw];
  if (items.length > 1 && field.multi !== true) {
    problems.push({
      formField,
      iconikField: field.name,
      message: `The ${describeSource(entry.source)} has ${items.length} values but the Iconik field "${field.name}" takes one, so it is not written: turn on "multiple values" for the field, or map a field that has it.`,
    });
    return [];
  }
  const converted: IconikValue[] = [];
  for (const item of items) {
    const result = convertValue(item, field);
    if (result.ok) {
      converted.push(result.value);
      continue;
    }
    problems.push({
      formField,
      iconikField: field.name,
      message: `The value "${item}" of ${describeSource(entry.source)} ${result.reason}, so it is not written to the Iconik field "${field.name}" (${field.field_type}): correct the value on the portal form, or map the form field to a text field.`,
    });
  }
  return converted;
}

function collectUnmapped(mapping: MetadataMapping, metadata: Record<string, string | string[]>): UnmappedFields {
  const mapped = new Set(mapping.fields.flatMap((entry) => ('formField' in entry.source ? [entry.source.formField] : [])));
  const lines = Object.entries(metadata)
    .filter(([name]) => !mapped.has(name))
    .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : value}`);
  return { lines, destination: mapping.unmapped };
}
